import AuraDiagnostics
import AuraSema
@testable import AuraVM
import XCTest

/// The VM's recovery hook (`RuntimeRecovery`, used by `git aura run`): which call is re-run after
/// a runtime error, with which arguments, and when a hot swap is refused.
final class RuntimeRecoveryTests: XCTestCase {
    final class Output: @unchecked Sendable { var text = "" }

    /// Hands back a fixed program once and records what the VM asked and did.
    final class ScriptedRecovery: RuntimeRecovery, @unchecked Sendable {
        var fixed: CompiledProgram?
        var failures: [RuntimeFailure] = []
        var outcomes: [HotSwapOutcome] = []
        init(fixed: CompiledProgram?) { self.fixed = fixed }
        func replacement(for failure: RuntimeFailure) -> CompiledProgram? {
            failures.append(failure)
            defer { fixed = nil }
            return fixed
        }
        func hotSwap(_ outcome: HotSwapOutcome) { outcomes.append(outcome) }
    }

    func compile(_ source: String) -> CompiledProgram {
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map { "\($0.code) \($0.message)" }.joined(separator: "\n"))
        return BytecodeCompiler.compile(checked)
    }

    func run(_ source: String, fixed: String?) -> (output: String, error: RuntimeError?, recovery: ScriptedRecovery) {
        let recovery = ScriptedRecovery(fixed: fixed.map(compile))
        let output = Output()
        let result = ProgramRunner.runMain(compile(source), effects: EffectHost(output: { output.text += $0 }), limits: .verification,
                                           recovery: recovery)
        if case let .failure(error) = result { return (output.text, error, recovery) }
        return (output.text, nil, recovery)
    }

    static let loop = """
        ratio(a: i, b: i): i = a / b
        main = {
            for b in [2, 1, 0, 5] {
                print!("10 / ${b} = ${ratio(10, b)}")
            }
        }
        """

    func testPureCallIsReRunWithItsArgumentsAndPrintsEachLineOnce() {
        let fixed = Self.loop.replacingOccurrences(of: "i = a / b", with: "i = if b == 0 { 0 } else { a / b }")
        let (output, error, recovery) = run(Self.loop, fixed: fixed)
        XCTAssertNil(error)
        XCTAssertEqual(output, "10 / 2 = 5\n10 / 1 = 10\n10 / 0 = 0\n10 / 5 = 2\n")
        XCTAssertEqual(recovery.failures.count, 1)
        let failure = recovery.failures[0]
        XCTAssertEqual(failure.error.code, .divisionByZero)
        XCTAssertTrue(failure.resumable)
        XCTAssertEqual(failure.failingFunction, "ratio")
        XCTAssertEqual(failure.replayFunction, "ratio")
        XCTAssertEqual(failure.replayArguments, ["10", "0"])
        XCTAssertEqual(failure.error.trace.map(\.function), ["ratio", "main"])
        XCTAssertEqual(recovery.outcomes, [.resumed(function: "ratio", swapped: ["ratio"])])
    }

    /// The outermost pure frame is re-run: `scaled` called `ratio`, and `scaled` runs again
    /// with its own arguments (which the in-place optimisation may have moved out of registers).
    func testOutermostPureFrameOfTheChainIsReRun() {
        let source = """
            ratio(a: i, b: i): i = a / b
            scaled(xs: [i], b: i): [i] = push(xs, ratio(100, b))
            main = {
                var xs = [1]
                for b in [10, 0] {
                    xs = scaled(xs, b)
                    print!(xs)
                }
            }
            """
        let fixed = source.replacingOccurrences(of: "i = a / b", with: "i = if b == 0 { -1 } else { a / b }")
        let (output, error, recovery) = run(source, fixed: fixed)
        XCTAssertNil(error)
        XCTAssertEqual(output, "[1, 10]\n[1, 10, -1]\n")
        XCTAssertEqual(recovery.failures.first?.failingFunction, "ratio")
        XCTAssertEqual(recovery.failures.first?.replayFunction, "scaled")
        XCTAssertEqual(recovery.failures.first?.replayArguments, ["[1, 10]", "0"])
    }

    /// A pure function a builtin calls (`map`) is re-run from the builtin's call, not from the
    /// start of `map`: the elements already mapped are kept.
    func testPureFunctionCalledByABuiltinIsReRunThere() {
        let source = """
            half(x: i): i = 10 / x
            main = {
                print!("start")
                print!(map([5, 0, 2], half))
            }
            """
        let fixed = source.replacingOccurrences(of: "i = 10 / x", with: "i = if x == 0 { 0 } else { 10 / x }")
        let (output, error, recovery) = run(source, fixed: fixed)
        XCTAssertNil(error)
        XCTAssertEqual(output, "start\n[2, 0, 5]\n")
        XCTAssertEqual(recovery.failures.first?.replayFunction, "half")
        XCTAssertEqual(recovery.failures.first?.replayArguments, ["0"])
        XCTAssertEqual(recovery.outcomes, [.resumed(function: "half", swapped: ["half"])])
    }

    func testErrorInAnEffectfulFunctionStopsWithoutRepeatingEffects() {
        let source = """
            report!(a: i, b: i) = {
                print!("reporting ${a}")
                print!(a / b)
            }
            main = report!(1, 0)
            """
        let fixed = source.replacingOccurrences(of: "print!(a / b)", with: "print!(if b == 0 { 0 } else { a / b })")
        let (output, error, recovery) = run(source, fixed: fixed)
        XCTAssertEqual(error?.code, .divisionByZero)
        XCTAssertEqual(output, "reporting 1\n")
        XCTAssertEqual(recovery.failures.first?.resumable, false)
        XCTAssertNil(recovery.failures.first?.replayFunction)
        guard case let .refused(reason)? = recovery.outcomes.first else { return XCTFail("\(recovery.outcomes)") }
        XCTAssertTrue(reason.contains("`report!` is effectful"), reason)
    }

    func testSignatureChangeIsNotHotSwapped() {
        let fixed = Self.loop.replacingOccurrences(of: "ratio(a: i, b: i): i = a / b", with: "ratio(a: i, b: i, c: i): i = a / (b + c)")
            .replacingOccurrences(of: "ratio(10, b)", with: "ratio(10, b, 1)")
        let (output, error, recovery) = run(Self.loop, fixed: fixed)
        XCTAssertEqual(error?.code, .divisionByZero)
        XCTAssertEqual(output, "10 / 2 = 5\n10 / 1 = 10\n")
        guard case let .refused(reason)? = recovery.outcomes.first else { return XCTFail("\(recovery.outcomes)") }
        XCTAssertTrue(reason.contains("signature"), reason)
    }

    /// A fix that also changes `main`, which is running below the replayed call, is refused.
    func testChangedRunningCallerIsNotHotSwapped() {
        let fixed = Self.loop.replacingOccurrences(of: "i = a / b", with: "i = if b == 0 { 0 } else { a / b }")
            .replacingOccurrences(of: "10 / ${b}", with: "10 div ${b}")
        let (output, error, recovery) = run(Self.loop, fixed: fixed)
        XCTAssertEqual(error?.code, .divisionByZero)
        XCTAssertEqual(output, "10 / 2 = 5\n10 / 1 = 10\n")
        XCTAssertEqual(recovery.outcomes, [.refused(reason: "`main` changed and is still running")])
    }

    /// A changed lambda with captures is refused: closures already made keep the old captures.
    func testChangedCapturingLambdaIsNotHotSwapped() {
        let source = """
            ratio(a: i, b: i): i = a / b
            apply(f: (i) -> i, x: i): i = f(x)
            scale(k: i, b: i): i = apply(x => ratio(x * k, b), 1)
            main = {
                for b in [1, 0] { print!(scale(10, b)) }
            }
            """
        let fixed = source.replacingOccurrences(of: "i = a / b", with: "i = if b == 0 { 0 } else { a / b }")
            .replacingOccurrences(of: "x => ratio(x * k, b)", with: "x => ratio(x * k, b) + 0")
        let (output, error, recovery) = run(source, fixed: fixed)
        XCTAssertEqual(error?.code, .divisionByZero)
        XCTAssertEqual(output, "10\n")
        XCTAssertEqual(recovery.failures.first?.replayFunction, "ratio")
        XCTAssertEqual(recovery.outcomes, [.refused(reason: "the fix changes `lambda in scale`, a lambda that captures variables")])
    }

    /// No replacement: the error is the one `aura run` reports, with the same output.
    func testNoReplacementKeepsTheError() {
        let (output, error, recovery) = run(Self.loop, fixed: nil)
        XCTAssertEqual(error?.code, .divisionByZero)
        XCTAssertEqual(error?.message, "division by zero: 10 / 0")
        XCTAssertEqual(output, "10 / 2 = 5\n10 / 1 = 10\n")
        XCTAssertEqual(recovery.failures.count, 1)
        XCTAssertTrue(recovery.outcomes.isEmpty)
    }
}

/// Arguments of a replayed call written as AURA source, for the replay test.
final class SourceLiteralTests: XCTestCase {
    func testLiteralsRoundTripThroughTheCompiler() {
        let values: [Value] = [.int(-7), .float(2.5), .bool(true), .none, .string("a\"b\\c $x\n"), .list([.int(1), .list([])])]
        let literals = values.compactMap(\.sourceLiteral)
        XCTAssertEqual(literals, ["-7", "2.5", "true", "none", #""a\"b\\c \$x\n""#, "[1, []]"])
        let checked = Compiler.check(source: "main = print!(\(literals[4]))")
        XCTAssertFalse(checked.hasErrors)
        let output = RuntimeRecoveryTests.Output()
        _ = ProgramRunner.runMain(BytecodeCompiler.compile(checked), effects: EffectHost(output: { output.text += $0 }))
        XCTAssertEqual(output.text, "a\"b\\c $x\n\n")
    }

    func testValuesWithoutALiteralHaveNone() {
        XCTAssertNil(Value.int(.min).sourceLiteral)
        XCTAssertNil(Value.float(.infinity).sourceLiteral)
        XCTAssertNil(Value.float(1e300).sourceLiteral)
        XCTAssertNil(Value.string("bell \u{7}").sourceLiteral)
        XCTAssertNil(Value.list([.int(1), .builtin(0)]).sourceLiteral)
        XCTAssertNil(Value.string(String(repeating: "x", count: 5000)).sourceLiteral)
    }
}
