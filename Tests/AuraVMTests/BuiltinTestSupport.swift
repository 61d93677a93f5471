@testable import AuraVM
import AuraDiagnostics
import XCTest

/// A stand-in for the VM: calls `.builtin` values through the standard library (by index into a
/// sorted name list) and `.closure` values through Swift closures registered by the test.
final class TestCaller: FunctionCaller {
    static let builtinNames = StandardLibrary.builtins.keys.sorted()

    var lines: [String] = []
    lazy var effects = EffectHost(output: { [unowned self] in self.lines.append($0) })
    private var closures: [([Value]) throws -> Value] = []
    /// Arguments of every closure call, in order (to check call order and effects).
    var calls: [[Value]] = []

    var context: BuiltinContext { BuiltinContext(caller: self, effects: effects) }

    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        switch function {
        case let .builtin(index):
            var args = Arguments(arguments)
            return try StandardLibrary.builtins[Self.builtinNames[Int(index)]]!(&args, context)
        case let .closure(closure):
            calls.append(arguments)
            return try closures[Int(closure.function)](arguments)
        default:
            XCTFail("called a \(function.kindName)")
            return .unit
        }
    }

    /// A closure value whose body is `body`.
    func function(_ body: @escaping ([Value]) throws -> Value) -> Value {
        closures.append(body)
        return .closure(Closure(function: Int32(closures.count - 1), captures: []))
    }

    /// The builtin called `name` as a function value (`each(xs, print!)`).
    func builtin(_ name: String) -> Value {
        .builtin(Int32(Self.builtinNames.firstIndex(of: name)!))
    }

    /// Calls the builtin `name` directly, as the VM would.
    func run(_ name: String, _ arguments: Value...) throws -> Value {
        guard let implementation = StandardLibrary.builtins[name] ?? JSONLibrary.builtins[name] else {
            XCTFail("no builtin \(name)")
            return .unit
        }
        var args = Arguments(arguments)
        return try implementation(&args, context)
    }

    /// The display form of a call's result.
    func show(_ name: String, _ arguments: Value...) throws -> String {
        guard let implementation = StandardLibrary.builtins[name] ?? JSONLibrary.builtins[name] else {
            XCTFail("no builtin \(name)")
            return ""
        }
        var args = Arguments(arguments)
        return try implementation(&args, context).debugDisplay
    }
}

func ints(_ values: Int64...) -> Value { .list(values.map(Value.int)) }
func floats(_ values: Double...) -> Value { .list(values.map(Value.float)) }
func strings(_ values: String...) -> Value { .list(values.map(Value.string)) }
func list(_ values: Value...) -> Value { .list(values) }
func map(_ pairs: (Value, Value)...) -> Value { .map(MapValue(pairs)) }

/// Asserts that `body` throws a `RuntimeError` with `code`, and returns its message.
@discardableResult
func assertRuntimeError(_ code: DiagnosticCode, file: StaticString = #filePath, line: UInt = #line,
                        _ body: () throws -> Value) -> String {
    do {
        let value = try body()
        XCTFail("expected \(code), got \(value.debugDisplay)", file: file, line: line)
    } catch let error as RuntimeError {
        XCTAssertEqual(error.code, code, error.message, file: file, line: line)
        return error.message
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return ""
}
