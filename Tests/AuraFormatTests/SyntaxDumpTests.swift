import AuraDiagnostics
import AuraFormat
import AuraSyntax
import XCTest

/// The dump that guards `aura fmt`: equal for programs that differ only in layout, parentheses
/// the precedence implies and comments; different as soon as the meaning differs.
final class SyntaxDumpTests: XCTestCase {
    func dump(_ text: String) -> String {
        let interner = Interner()
        let tree = Parser.parse(SourceFile(id: 0, path: "t.aura", text: text), interner: interner)
        XCTAssertEqual(tree.diagnostics.map(\.message), [], text)
        return SyntaxDump.dump(tree, interner: interner)
    }

    func testLayoutAndRedundantParenthesesDoNotMatter() {
        XCTAssertEqual(dump("f(x) = (x + 1) * 2\n"), dump("f(x) =\n    (x + 1) *\n        2  # double\n"))
        XCTAssertEqual(dump("main = { a = 1; print!(a) }\n"), dump("main = {\n    a = 1\n\n    print!(a)\n}\n"))
        XCTAssertEqual(dump("g = xs | map(_ * 2) | sum\n"), dump("g = xs\n    | map(_ * 2)\n    | sum()\n"))
    }

    func testMeaningMatters() {
        XCTAssertNotEqual(dump("f(x) = (x + 1) * 2\n"), dump("f(x) = x + 1 * 2\n"))
        XCTAssertNotEqual(dump("s = \"a\\tb\"\n"), dump("s = \"a b\"\n"))
        XCTAssertNotEqual(dump("a = 1.5\n"), dump("a = 1.25\n"))
        XCTAssertNotEqual(dump("g = map(xs, _ * 2)\n"), dump("g = map(xs, x => x * 2)\n"))
        XCTAssertNotEqual(dump("@U { a:i @pk }\n"), dump("@U { a:i }\n"))
    }
}
