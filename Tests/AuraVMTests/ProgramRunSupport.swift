import AuraSema
@testable import AuraVM
import XCTest

/// What a program printed, collected across the VM's output callback.
final class CapturedOutput: @unchecked Sendable { var text = "" }

extension XCTestCase {
    /// Checks `source` (failing the test on a compile error), runs its `main` and returns what it
    /// printed and the runtime error it stopped with, if any.
    func runProgram(_ source: String, limits: Limits = .verification, file: StaticString = #filePath, line: UInt = #line)
        -> (output: String, error: RuntimeError?) {
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map { "\($0.code) \($0.message)" }.joined(separator: "\n"), file: file, line: line)
        let output = CapturedOutput()
        let result = ProgramRunner.runMain(BytecodeCompiler.compile(checked), effects: EffectHost(output: { output.text += $0 }), limits: limits)
        if case let .failure(error) = result { return (output.text, error) }
        return (output.text, nil)
    }
}
