import AuraDiagnostics
@testable import AuraSyntax
import XCTest

/// Issue #13: error recovery is linear in the input and bounded in what it reports. 2,000
/// unclosed `(` took 85 s and 10,000 never finished; `aura check` printed 252 MB for them.
/// Debug-build thresholds are generous; the release figures are in docs/security.md.
final class PathologicalInputTests: XCTestCase {
    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> (SyntaxTree, Double) {
        let source = SourceFile(id: 0, path: "bad.aura", bytes: Array(text.utf8))
        let started = clock()
        let tree = Parser.parse(source, interner: Interner())
        let seconds = Double(clock() - started) / Double(CLOCKS_PER_SEC)
        XCTAssertLessThanOrEqual(tree.diagnostics.count, DiagnosticLimit.perFile, file: file, line: line)
        return (tree, seconds)
    }

    func assertFast(_ text: String, under limit: Double = 5, file: StaticString = #filePath, line: UInt = #line) {
        let (tree, seconds) = parse(text, file: file, line: line)
        XCTAssertLessThan(seconds, limit, "\(text.utf8.count) bytes took \(seconds) s", file: file, line: line)
        XCTAssertFalse(tree.diagnostics.isEmpty, file: file, line: line)
    }

    func testUnclosedParenthesesAreLinearAndCapped() {
        let (tree, seconds) = parse("main = " + String(repeating: "(", count: 100_000))
        XCTAssertLessThan(seconds, 5, "100k `(` took \(seconds) s")
        XCTAssertEqual(tree.diagnostics.count, DiagnosticLimit.perFile)
        let notes = tree.diagnostics.flatMap(\.notes).filter { $0.hasPrefix("…") }
        XCTAssertEqual(notes.count, 1, "one “… N more” note")
        XCTAssertTrue(notes.first?.contains("more diagnostics in this file not shown") ?? false, notes.first ?? "")
        XCTAssertEqual(tree.diagnostics.last?.notes.last, notes.first, "on the last diagnostic kept")
    }

    func testMixedAndStrayDelimitersAreLinear() {
        assertFast(String(repeating: "([{", count: 33_000))
        assertFast(String(repeating: ")", count: 100_000))
        assertFast(String(repeating: "(", count: 50_000) + String(repeating: "]", count: 50_000))
        assertFast(String(repeating: "{[(", count: 20_000) + String(repeating: "}", count: 20_000))
        var rng = SystemRandomNumberGenerator()
        assertFast(String((0..<100_000).map { _ in "([{)]}".randomElement(using: &rng)! }))
    }

    func testManyLinesOfUnclosedCallsAreLinear() {
        assertFast(String(repeating: "f(\n", count: 10_000))
        assertFast(String(repeating: "main = {\n  f(\n", count: 5_000))
    }

    /// Openers whose "construct ends here" line is far away: a forward scan from each was
    /// quadratic; the plan answers them all in one sweep.
    func testDeepIndentationPatternsAreLinear() {
        var text = ""
        for k in 0..<300 { text += String(repeating: " ", count: k) + "f(\n" + String(repeating: " ", count: 400) + "g(\n" }
        assertFast(text)
    }

    func testIndentationPlanMatchesAForwardScan() {
        // Small cases checked against the obvious definition.
        let text = "a(\n  b(\n\n  | c\n    d(\n  e\nf(\n  # comment\n"
        let file = SourceFile(id: 0, path: "x.aura", bytes: Array(text.utf8))
        let facts = UnclosedRepair.LineFacts(file)
        let queries = Array(0..<file.lineCount)
        let fast = facts.nextNoDeeper(for: queries)
        for line in queries {
            var slow: Int? = nil
            var next = line + 1
            while next < file.lineCount {
                if !facts.blank[next], facts.indent[next] <= facts.indent[line], !facts.continuation[next] { slow = next; break }
                next += 1
            }
            XCTAssertEqual(fast[line], slow, "line \(line)")
        }
    }

    func testRenderedOutputIsBounded() {
        let text = String(repeating: "(", count: 200_000)
        let (tree, _) = parse(text)
        var sources = SourceMap()
        _ = sources.add(path: "bad.aura", bytes: Array(text.utf8))
        let rendered = PrettyRenderer().render(tree.diagnostics, in: sources)
        XCTAssertLessThan(rendered.utf8.count, 100_000, "100 diagnostics on one 200 KB line render in well under 100 KB")
        XCTAssertTrue(rendered.contains("…"))
        let long = Diagnostic(code: .unknownName, message: "unknown name `" + String(repeating: "x", count: 50_000) + "`",
                              primary: Label(Span(file: 0, start: 0, end: 1), String(repeating: "y", count: 50_000)))
        XCTAssertLessThan(PrettyRenderer().render(long, in: sources).utf8.count, 4_000)
    }
}
