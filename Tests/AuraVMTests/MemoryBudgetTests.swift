import AuraDiagnostics
import AuraSema
@testable import AuraVM
import XCTest

/// Issue #13: a program that doubles a value stops with R0011 within a fraction of its time
/// budget, instead of allocating until the process aborts.
final class MemoryBudgetTests: XCTestCase {
    /// 512 MiB above what the test process already uses: room to run, far below the machine.
    var limits: Limits {
        var limits = Limits.verification
        limits.maxMemoryBytes = (MemoryBudget.residentBytes() ?? 0) + (512 << 20)
        return limits
    }

    func assertStopsQuickly(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map { "\($0.code) \($0.message)" }.joined(separator: "\n"), file: file, line: line)
        let compiled = BytecodeCompiler.compile(checked)
        let started = VirtualMachine.now()
        let result = ProgramRunner.runMain(compiled, effects: EffectHost(output: { _ in }), limits: limits)
        let seconds = VirtualMachine.now() - started
        guard case let .failure(error) = result else { return XCTFail("the program finished", file: file, line: line) }
        XCTAssertEqual(error.code, .memoryLimit, error.message, file: file, line: line)
        XCTAssertLessThan(seconds, 5, "well within the 10 s budget", file: file, line: line)
    }

    /// The attack: `xs = xs + xs` in `main` aborted `git aura heal` with SIGABRT after ~60 s.
    func testDoublingAListStopsWithTheMemoryCode() {
        assertStopsQuickly("main = {\n var xs = [0]\n while true { xs = xs + xs }\n}")
        assertStopsQuickly("main = {\n var xs = [0]\n while true { ys = xs\n xs = ys + xs }\n}")
    }

    func testDoublingAStringStopsWithTheMemoryCode() {
        assertStopsQuickly("main = {\n var s = \"ab\"\n while true { s = s + s }\n}")
        assertStopsQuickly("main = {\n var s = \"ab\"\n while true { s = \"${s}${s}\" }\n}")
        assertStopsQuickly("main = {\n var s = \"ab\"\n while true { s = concat(s, s) }\n}")
        assertStopsQuickly("main = {\n var s = \"ab\"\n while true { s = join([s, s, s], \"\") }\n}")
        assertStopsQuickly("main = {\n var s = \"aa\"\n while true { s = replace(s, \"a\", s) }\n}")
    }

    func testDoublingThroughBuiltinsStopsWithTheMemoryCode() {
        assertStopsQuickly("main = {\n var xs = [0]\n while true { xs = repeat(xs, 2) }\n}")
        assertStopsQuickly("main = {\n var xs = [0]\n while true { xs = concat(xs, xs) }\n}")
    }

    func testChargesAreCheapAndMeasured() throws {
        let budget = MemoryBudget(limit: Int.max)
        for _ in 0..<1_000_000 { try budget.charge(64) }
        let small = MemoryBudget(limit: (MemoryBudget.residentBytes() ?? 0) + (64 << 20))
        XCTAssertThrowsError(try small.charge(1 << 30)) { XCTAssertEqual(($0 as? RuntimeError)?.code, .memoryLimit) }
    }
}

/// Shared structure with an exponential display form must not hang `print!`.
final class DisplayBoundTests: XCTestCase {
    func testDisplayOfExponentiallySharedListsIsBounded() {
        var value = Value.list([.int(1)])
        for _ in 0..<40 { value = .list([value, value]) }
        let started = VirtualMachine.now()
        let text = value.display
        // A hang guard, not a speed check (benchmarks measure speed): unbounded, this display is
        // 2^40 elements long and never ends; bounded, it stops at 16 MiB (about 6 s in a debug
        // build on a loaded 2-core machine, well under a second in release).
        XCTAssertLessThan(VirtualMachine.now() - started, 120)
        XCTAssertLessThanOrEqual(text.utf8.count, Value.maxDisplayBytes + 1_024, "closing brackets may follow the cut")
        XCTAssertTrue(text.hasSuffix("…"))
    }
}
