import AuraDiagnostics
import AuraSema
@testable import AuraVM
import XCTest

/// Compiler and VM behaviour on small programs (the fixture corpus covers the builtins).
final class VirtualMachineTests: XCTestCase {
    final class Output: @unchecked Sendable { var text = "" }

    func run(_ source: String, limits: Limits = .verification) throws -> (String, RuntimeError?) {
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map { "\($0.code) \($0.message)" }.joined(separator: "\n"))
        let compiled = BytecodeCompiler.compile(checked)
        let output = Output()
        let result = ProgramRunner.runMain(compiled, effects: EffectHost(output: { output.text += $0 }), limits: limits)
        if case let .failure(error) = result { return (output.text, error) }
        return (output.text, nil)
    }

    func testArithmeticAndRecursion() throws {
        let (out, error) = try run("""
        fib(n: i): i = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
        main = {
            print!(fib(20))
            print!(7 / 2)
            print!(-7 / 2)
            print!(7.0 / 2.0)
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(out, "6765\n3\n-3\n3.5\n")
    }

    func testLoopsVarsAndInPlaceAppend() throws {
        let (out, error) = try run("""
        main = {
            var total = 0
            var i = 0
            while i < 100000 { total = total + i; i = i + 1 }
            print!(total)
            var s = ""
            for k in 0..5 { s = s + to_s(k) }
            print!(s)
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(out, "4999950000\n01234\n")
    }

    func testClosuresCaptureAndCellsShareAssignments() throws {
        let (out, error) = try run("""
        adder(n: i) = x => x + n
        main = {
            add5 = adder(5)
            print!(add5(1))
            var count = 0
            [1, 2, 3] | each(x => { count = count + x })
            print!(count)
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(out, "6\n6\n")
    }

    func testRecordsWithAndMatch() throws {
        let (out, error) = try run("""
        @User { name:s age:i nick:s? }
        describe(u: User): s = match u {
            User { age: 0 } => "newborn",
            User { name, nick: none } => name,
            User { nick } => nick ?? "?"
        }
        main = {
            u = User { name: "Ana", age: 30 }
            print!(u)
            print!(describe(u))
            print!(describe(u with { nick: "A" }))
            print!(describe(u with { age: 0 }))
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(out, "User { name: \"Ana\", age: 30, nick: none }\nAna\nA\nnewborn\n")
    }

    func testRuntimeErrorsCarryCodeSpanAndTrace() throws {
        let (_, error) = try run("""
        divide(a: i, b: i): i = a / b
        main = print!(divide(1, 0))
        """)
        let failure = try XCTUnwrap(error)
        XCTAssertEqual(failure.code, .divisionByZero)
        XCTAssertEqual(failure.trace.map(\.function), ["divide", "main"])
        let (_, overflow) = try run("main = print!(9223372036854775807 + 1)")
        XCTAssertEqual(overflow?.code, .integerOverflow)
        let (_, index) = try run("main = print!([1, 2][5])")
        XCTAssertEqual(index?.code, .indexOutOfRange)
        let (_, noArm) = try run("f(x: i): i = match x { 1 => 1 }\nmain = print!(f(2))")
        XCTAssertEqual(noArm?.code, .noMatchArm)
    }

    func testBudgetsStopRunawayPrograms() throws {
        let (_, loop) = try run("main = { var i = 0\n while true { i = i + 1 } }", limits: Limits(maxInstructions: 1_000_000))
        XCTAssertEqual(loop?.code, .instructionBudget)
        let (_, time) = try run("main = { var i = 0\n while true { i = i + 1 } }", limits: Limits(timeLimit: 0.2))
        XCTAssertEqual(time?.code, .timeLimit)
        let (_, recursion) = try run("f(n: i): i = f(n + 1)\nmain = print!(f(0))", limits: Limits(maxCallDepth: 1_000))
        XCTAssertEqual(recursion?.code, .stackOverflow)
    }
}
