import AuraDiagnostics
@testable import AuraSyntax
import XCTest

/// Where the syntax repairs of issue #22 put their edits.
final class RepairTests: XCTestCase {
    func diagnostics(_ source: String) -> [Diagnostic] {
        Parser.parse(SourceFile(id: 0, path: "t.aura", text: source), interner: Interner()).diagnostics
    }

    func repaired(_ source: String, _ code: DiagnosticCode) throws -> String {
        let diagnostic = try XCTUnwrap(diagnostics(source).first { $0.code == code }, "\(diagnostics(source).map(\.code))")
        let fix = try XCTUnwrap(diagnostic.fixes.first)
        return String(decoding: try XCTUnwrap(TextEdit.apply(fix.edits, to: Array(source.utf8))), as: UTF8.self)
    }

    func testAnUnterminatedStringClosesBeforeTheLinesClosers() throws {
        XCTAssertEqual(diagnostics("main = {\n    print!(\"hello)\n}\n").map(\.code), [.unterminatedString], "no E0103 for the `(`")
        XCTAssertEqual(try repaired("main = {\n    print!(\"hello)\n}\n", .unterminatedString), "main = {\n    print!(\"hello\")\n}\n")
        XCTAssertEqual(try repaired("x = f([\"a])\n", .unterminatedString), "x = f([\"a\"])\n")
        // Only as many closers as the line opened: one `)` stays in the text.
        XCTAssertEqual(try repaired("main = print!(\"smile :))\n", .unterminatedString), "main = print!(\"smile :)\")\n")
        XCTAssertEqual(try repaired("main = print!(\"hi)  # greet\n", .unterminatedString), "main = print!(\"hi\")  # greet\n")
        // Nothing opened on the line: closed at the line end, as before.
        XCTAssertEqual(try repaired("x = \"abc)\n", .unterminatedString), "x = \"abc)\"\n")
    }

    func testARecordLiteralInAnIfHeadIsParenthesised() throws {
        let source = "main = {\n    if p == Point { x: 0, y: 0 } {\n        print!(1)\n    }\n}\n"
        XCTAssertEqual(diagnostics(source).map(\.code), [.unexpectedToken])
        XCTAssertEqual(try repaired(source, .unexpectedToken), "main = {\n    if (p == Point { x: 0, y: 0 }) {\n        print!(1)\n    }\n}\n")
        XCTAssertEqual(diagnostics("main = { if p == q { print!(1) } }\n").map(\.code), [], "an ordinary head is untouched")
    }

    func testAPlaceholderInABindingBecomesALambda() throws {
        XCTAssertEqual(try repaired("main = {\n    inc = _ + 1\n}\n", .misplacedPlaceholder), "main = {\n    inc = x => x + 1\n}\n")
        XCTAssertEqual(try repaired("f = 1 + _\n", .misplacedPlaceholder), "f = x => 1 + x\n")
        XCTAssertEqual(try repaired("f = _ * x\n", .misplacedPlaceholder), "f = it => it * x\n")
        XCTAssertTrue(diagnostics("main = { _ + 1 }\n").allSatisfy { $0.fixes.isEmpty }, "a block value: the lambda's extent is a guess")
    }
}
