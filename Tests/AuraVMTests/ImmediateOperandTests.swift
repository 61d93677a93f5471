import AuraSema
@testable import AuraVM
import XCTest

/// Integer literals as immediate operands (`n - 1`, `n < 2`) and jumps threaded into returns:
/// the same results and errors as the register forms, at every boundary.
final class ImmediateOperandTests: XCTestCase {
    private func run(_ source: String) -> (output: String, error: RuntimeError?) { runProgram(source) }

    private func opcodes(_ source: String, function: String) -> [Opcode] {
        let compiled = BytecodeCompiler.compile(Compiler.check(source: source))
        return compiled.functions.first { $0.name == function }.map { $0.code.map(\.op) } ?? []
    }

    func testComparisonsWithALiteralAgreeWithTheRegisterFormsAtTheBoundary() {
        let (output, error) = run("""
        cmp(n: i): s = "${if n < 2 { "lt" } else { "-" }} ${if n <= 2 { "le" } else { "-" }} ${if n > 2 { "gt" } else { "-" }} ${if n >= 2 { "ge" } else { "-" }} ${if n == 2 { "eq" } else { "-" }}"
        main = {
            for n in 1..4 { print!(cmp(n)) }
            big = 3000000000
            print!(if big > 2999999999 { "big" } else { "small" })
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(output, "lt le - - -\n- le - ge eq\n- - gt ge -\nbig\n")
    }

    func testLiteralArithmeticUsesImmediatesAndKeepsTheOverflowMessage() {
        let source = """
        fib(n: i): i = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
        down(n: i): i = n - 1
        main = {
            print!(fib(20))
            print!(down(-9223372036854775807))
            print!(down(-9223372036854775807 - 1))
        }
        """
        let ops = opcodes(source, function: "fib")
        XCTAssertTrue(ops.contains(.jumpIfNotLtIntConst), "\(ops)")
        XCTAssertEqual(ops.filter { $0 == .subIntConst }.count, 2, "\(ops)")
        XCTAssertFalse(ops.contains(.loadInt), "no register load for a literal operand: \(ops)")
        XCTAssertFalse(ops.contains(.jump), "the `then` branch returns at once: \(ops)")
        let (output, error) = run(source)
        XCTAssertEqual(output, "6765\n-9223372036854775808\n")
        XCTAssertEqual(error?.code, .integerOverflow)
        XCTAssertEqual(error?.message.contains("-9223372036854775808 - 1"), true, error?.message ?? "")
    }
}
