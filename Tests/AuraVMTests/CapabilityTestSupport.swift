@testable import AuraVM
import Foundation
import XCTest

/// Capability builtins never call back into AURA code; a call means a bug.
final class UnexpectedCaller: FunctionCaller {
    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        XCTFail("a capability builtin called an AURA function")
        throw RuntimeError(.assertionFailed, "unexpected call")
    }
}

/// Calls capability builtins directly, as the VM would, with a chosen sandbox.
struct CapabilityHarness {
    let caller = UnexpectedCaller()
    let effects: EffectHost

    init(sandbox: Sandbox = .none) {
        effects = EffectHost(output: { _ in }, sandbox: sandbox)
    }

    func call(_ name: String, _ values: Value...) throws -> Value {
        let table = DatabaseLibrary.builtins.merging(HTTPLibrary.builtins) { first, _ in first }
        guard let builtin = table[name] else {
            XCTFail("no builtin \(name)")
            return .unit
        }
        var arguments = Arguments(values)
        return try builtin(&arguments, BuiltinContext(caller: caller, effects: effects))
    }

    /// The runtime error `body` throws; fails the test when it returns normally.
    func error(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Value) -> RuntimeError? {
        do {
            let value = try body()
            XCTFail("expected a runtime error, got \(value.display)", file: file, line: line)
        } catch let error as RuntimeError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }
}

/// A fresh directory under the system temporary directory, removed by `tearDown`-time cleanup.
func makeTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "aura-vm-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
