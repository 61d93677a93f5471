import AuraDiagnostics
import AuraSema
import Foundation
import XCTest

/// Reproducers from issue #15 (Language 1.1) whose expectation is about fixes and help texts,
/// which golden fixtures do not apply: each applies the offered repair and checks the result.
final class Language11CheckerTests: XCTestCase {
    private func check(_ files: [String: String], _ paths: [String]) -> CheckedProgram {
        Compiler.check(paths: paths, loader: MemoryLoader(files))
    }

    private func applying(_ fix: Fix, to source: String) throws -> String {
        let repaired = try XCTUnwrap(TextEdit.apply(fix.edits, to: Array(source.utf8)))
        return String(decoding: repaired, as: UTF8.self)
    }

    /// Defect 5: `aura check c.aura b.aura` must not suggest `b.aura`'s record to `c.aura`.
    func testUnknownRecordSuggestsOnlyTypesTheFileCanName() throws {
        let files = ["b.aura": "@Order { id:i amount:f }\nmain = print!(1)\n",
                     "c.aura": "show(o) = o.amount\nmain = print!(1)\n"]
        let program = check(files, ["c.aura", "b.aura"])
        let e0306 = try XCTUnwrap(program.diagnostics.first { $0.code == .cannotInfer })
        let text = ([e0306.message] + e0306.notes + e0306.help + e0306.fixes.map(\.message)).joined(separator: "\n")
        XCTAssertFalse(text.contains("Order"), text)
        XCTAssertTrue(e0306.fixes.isEmpty)
        XCTAssertTrue(e0306.help.joined().contains("use"), text)
    }

    /// Defect 5, the visible case: an imported record is suggested as `b.Order`, and the fix checks.
    func testUnknownRecordFromAnImportIsWrittenWithItsModule() throws {
        let c = "use b\n\nshow(o) = o.amount\nmain = print!(show(b.Order { id: 1, amount: 2.0 }))\n"
        let files = ["b.aura": "@Order { id:i amount:f }\n", "c.aura": c]
        let program = check(files, ["c.aura"])
        let e0306 = try XCTUnwrap(program.diagnostics.first { $0.code == .cannotInfer })
        XCTAssertTrue(e0306.help.joined().contains("o: b.Order"), e0306.help.joined())
        let fix = try XCTUnwrap(e0306.fixes.first)
        let repaired = try applying(fix, to: c)
        XCTAssertTrue(repaired.contains("show(o: b.Order)"), repaired)
        let after = check(["b.aura": files["b.aura"]!, "c.aura": repaired], ["c.aura"])
        XCTAssertFalse(after.hasErrors, after.diagnostics.map(\.message).joined(separator: "\n"))
    }

    /// Defect 6: the E0306 fix for `map(_.amount)` is valid code, and so is the help's lambda.
    func testPlaceholderFieldFixAndHelpAreValidCode() throws {
        let source = "@Order { id:i amount:f }\ntotal(os) = os | map(_.amount) | sum\nmain = print!(total([Order { id: 1, amount: 2.5 }]))\n"
        let program = check(["p.aura": source], ["p.aura"])
        let e0306 = try XCTUnwrap(program.diagnostics.first { $0.code == .cannotInfer })
        let fix = try XCTUnwrap(e0306.fixes.first)
        let repaired = try applying(fix, to: source)
        XCTAssertFalse(repaired.contains("_.amount: Order"), repaired)
        let after = check(["p.aura": repaired], ["p.aura"])
        XCTAssertFalse(after.hasErrors, repaired + after.diagnostics.map(\.message).joined(separator: "\n"))
        // The help's own suggestion, written by hand in place of the argument.
        let help = e0306.help.joined()
        let suggested = try XCTUnwrap(help.split(separator: "`").dropFirst().first.map(String.init))
        let byHand = source.replacingOccurrences(of: "map(_.amount)", with: "map(\(suggested))")
        let handChecked = check(["p.aura": byHand], ["p.aura"])
        XCTAssertFalse(handChecked.hasErrors, byHand + handChecked.diagnostics.map(\.message).joined(separator: "\n"))
    }

    /// Defect 7: `print!("hello)` variants report E0102 only, and its fix yields valid code.
    func testUnterminatedStringGetsNoSpuriousUnclosedParen() throws {
        for source in ["main = print!(\"hello);\n", "main = {\n    print!(\"hello)\n}\n", "main = print!(\"n ${1})\n",
                       "main = print!(upper(\"hello);\n"] {
            let program = check(["s.aura": source], ["s.aura"])
            XCTAssertFalse(program.diagnostics.contains { $0.code == .unclosedDelimiter }, source)
            let e0102 = try XCTUnwrap(program.diagnostics.first { $0.code == .unterminatedString }, source)
            let fix = try XCTUnwrap(e0102.fixes.first, source)
            let repaired = try applying(fix, to: source)
            let after = check(["s.aura": repaired], ["s.aura"])
            XCTAssertFalse(after.hasErrors, repaired + after.diagnostics.map(\.message).joined(separator: "\n"))
        }
    }

    /// Defect 10: one import cycle is one diagnostic, with the other `use` as a secondary label.
    func testImportCycleIsReportedOnce() {
        let program = check(["a.aura": "use b\nmain = print!(b.x)\n", "b.aura": "use a\nx = 1\n"], ["a.aura", "b.aura"])
        let cycles = program.diagnostics.filter { $0.code == .importCycle }
        XCTAssertEqual(cycles.count, 1)
        XCTAssertEqual(cycles.first?.secondary.count, 1)
        XCTAssertEqual(cycles.first?.message, "import cycle: a.aura → b.aura → a.aura")
    }

    /// Defect 10: `return x` is one E0104 that explains blocks (not "unknown name" plus a
    /// follow-on "expected end of statement"); written as the block's value, it checks.
    func testReturnIsOneExplainedError() throws {
        let program = check(["r.aura": "f(x:i): i = {\n    return x + 1\n}\nmain = print!(f(1))\n"], ["r.aura"])
        XCTAssertEqual(program.diagnostics.map(\.code), [.unexpectedToken])
        XCTAssertEqual(program.diagnostics.first?.message, "AURA has no `return`")
        XCTAssertTrue(program.diagnostics.first?.notes.joined().contains("last expression") ?? false)
        let after = check(["r.aura": "f(x:i): i = {\n    x + 1\n}\nmain = print!(f(1))\n"], ["r.aura"])
        XCTAssertFalse(after.hasErrors)
    }
}
