import AuraDiagnostics
import AuraSema
@testable import AuraVM
import XCTest

/// Run-time reproducers from issue #15 (Language 1.1) that need more than a golden fixture:
/// the size of a runaway recursion's trace and the exact R0006 messages.
final class Language11VMTests: XCTestCase {
    private func fail(_ source: String, limits: Limits = .verification) throws -> (RuntimeError, CheckedProgram) {
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map(\.message).joined(separator: "\n"))
        let result = ProgramRunner.runMain(BytecodeCompiler.compile(checked), effects: EffectHost(output: { _ in }), limits: limits)
        guard case let .failure(error) = result else {
            XCTFail("the program did not fail")
            throw RuntimeError(.noMatchArm, "no failure")
        }
        return (error, checked)
    }

    /// Defect 4: 100,000 identical frames print as one frame and a count, a few hundred bytes
    /// (the note was 2.6 MB before: 100,000 lines of `runaway at main.aura:1:19`).
    func testRunawayRecursionTraceIsCollapsedAndCapped() throws {
        let (error, checked) = try fail("runaway(n:i): i = runaway(n + 1) + 1\nmain = print!(runaway(0))",
                                        limits: Limits(maxCallDepth: 100_000))
        XCTAssertEqual(error.code, .stackOverflow)
        XCTAssertEqual(error.trace.count, 100_000)
        let note = try XCTUnwrap(error.diagnostic(in: checked.sources)?.notes.first)
        XCTAssertEqual(note.split(separator: "\n"), [
            "stack trace (innermost first):",
            "runaway at main.aura:1:19",
            "… 99,998 more frames of `runaway`",
            "main at main.aura:2:15",
        ])
        XCTAssertLessThan(note.utf8.count, 200)
    }

    /// Mutual recursion does not collapse (no two consecutive frames are equal): the cap keeps
    /// the innermost and outermost frames and counts the rest.
    func testAlternatingRecursionTraceIsCapped() throws {
        let (error, checked) = try fail("ping(n:i): i = pong(n + 1)\npong(n:i): i = ping(n + 1)\nmain = print!(ping(0))",
                                        limits: Limits(maxCallDepth: 10_000))
        let lines = try XCTUnwrap(error.diagnostic(in: checked.sources)?.notes.first).split(separator: "\n")
        XCTAssertEqual(lines.count, 1 + StackTraceText.head + 1 + StackTraceText.tail)
        XCTAssertTrue(lines.contains { $0.hasPrefix("… 9,9") && $0.hasSuffix(" frames omitted") }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines.last, "main at main.aura:3:15")
    }

    /// Defect 8: `to_s` on a JSON null fails, and `to_b` on null says `found null`.
    func testConversionsOfNullNameTheKind() throws {
        let (toS, _) = try fail("+json\nmain = print!(to_s(json.parse(\"null\")))")
        XCTAssertEqual(toS.code, .wrongDynKind)
        XCTAssertEqual(toS.message, "to_s: expected a value, found null")
        let (toB, _) = try fail("+json\nmain = print!(to_b(json.parse(\"null\")))")
        XCTAssertEqual(toB.message, "to_b: expected a bool, found null")
        let (toI, _) = try fail("+json\nmain = print!(to_i(json.parse(\"\\\"42\\\"\")))")
        XCTAssertEqual(toI.message, "to_i: expected an integer, found string \"42\"")
    }

    /// 1.1 dyn collections: a wrong kind is R0006 naming the kind found.
    func testDynCollectionBuiltinsNameTheKindFound() throws {
        let (error, _) = try fail("+json\nmain = print!(keys(json.parse(\"[1]\")))")
        XCTAssertEqual(error.code, .wrongDynKind)
        XCTAssertEqual(error.message, "keys cannot take a list")
        let (toList, _) = try fail("+json\nmain = print!(to_list(json.parse(\"{}\")))")
        XCTAssertEqual(toList.message, "to_list: expected a list, found object {}")
    }
}
