@testable import AuraDiagnostics
import Foundation
import XCTest
import AuraJSON

final class RenderingTests: XCTestCase {
    func sample() -> (SourceMap, Diagnostic) {
        var sources = SourceMap()
        let file = sources.add(path: "src/main.aura", bytes: Array("main = {\n  users = fetch_users!()\n  report = generate_reprot(users)\n  send_email!(report)\n}\n".utf8))
        let start = UInt32(Array(file.bytes).firstRange(of: Array("generate_reprot".utf8))!.lowerBound)
        let span = Span(file: file.id, start: start, end: start + 15)
        let diagnostic = Diagnostic(code: .unknownName, message: "unknown name `generate_reprot`", primary: Label(span, "not defined in this scope"),
                                    help: ["a function with a similar name exists: `generate_report`"],
                                    fixes: [Fix(message: "replace with `generate_report`", edits: [TextEdit(span: span, replacement: "generate_report")], applicability: .maybe)])
        return (sources, diagnostic)
    }

    func testPrettyLayout() {
        let (sources, diagnostic) = sample()
        XCTAssertEqual(PrettyRenderer().render(diagnostic, in: sources), """
        error[E0201]: unknown name `generate_reprot`
          ┌─ src/main.aura:3:12
          │
        2 │   users = fetch_users!()
        3 │   report = generate_reprot(users)
          │            ^^^^^^^^^^^^^^^ not defined in this scope
        4 │   send_email!(report)
          │
          = help: a function with a similar name exists: `generate_report`

        """)
    }

    func testColourOnlyWhenAsked() {
        let (sources, diagnostic) = sample()
        XCTAssertFalse(PrettyRenderer(style: .plain).render(diagnostic, in: sources).contains("\u{1B}["))
        XCTAssertTrue(PrettyRenderer(style: TextStyle(enabled: true)).render(diagnostic, in: sources).contains("\u{1B}["))
        XCTAssertFalse(ColorChoice.auto.enabled(fileDescriptor: 1, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(ColorChoice.always.enabled(fileDescriptor: 1, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(ColorChoice.never.enabled(fileDescriptor: 1, environment: [:]))
    }

    func testJSONSchema() throws {
        let (sources, diagnostic) = sample()
        let json = JSONRenderer().render([diagnostic], in: sources)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 1)
        let first = try XCTUnwrap((object["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["code"] as? String, "E0201")
        let primary = try XCTUnwrap(first["primary"] as? [String: Any])
        XCTAssertEqual(primary["line"] as? Int, 3)
        XCTAssertEqual(primary["column"] as? Int, 12)
        let fix = try XCTUnwrap((first["fixes"] as? [[String: Any]])?.first)
        XCTAssertEqual(fix["applicability"] as? String, "maybe")
        XCTAssertEqual((object["summary"] as? [String: Int])?["errors"], 1)
    }

    func testSARIF() throws {
        let (sources, diagnostic) = sample()
        let sarif = SARIFRenderer(toolVersion: "0.1.0").render([diagnostic], in: sources)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        XCTAssertEqual(object["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((object["runs"] as? [[String: Any]])?.first)
        let result = try XCTUnwrap((run["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["ruleId"] as? String, "E0201")
        XCTAssertEqual(result["level"] as? String, "error")
        let region = try XCTUnwrap(((((result["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])?["region"]) as? [String: Int])
        XCTAssertEqual(region["startLine"], 3)
        XCTAssertNotNil(result["fixes"])
    }

    func testJSONStringEscapes() {
        XCTAssertEqual(JSONWriter.quoted("a\"b\\c\n\u{01}"), #""a\"b\\c\n\u0001""#)
    }

    func testLineIndexAndColumnsCountCharacters() {
        let file = SourceFile(id: 0, path: "x", text: "é = 1\nab")
        XCTAssertEqual(file.location(of: 3).column, 3) // byte 3 is `=`, the third character (é is 2 bytes)
        XCTAssertEqual(file.location(of: 7).line, 2)
    }

    func testEveryCodeHasAnExplanationThatIsInSyncWithDocs() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let pages = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs/errors").path).filter { $0.range(of: #"^[EWRT]\d{4}\.md$"#, options: .regularExpression) != nil }
        XCTAssertEqual(Set(pages.map { String($0.prefix(5)) }), Set(CodeRegistry.allCodes.map(\.rawValue)))
        for page in pages {
            let text = try String(contentsOf: root.appendingPathComponent("docs/errors/" + page), encoding: .utf8)
            XCTAssertEqual(CodeRegistry.entry(for: String(page.prefix(5)))?.explanation.trimmingCharacters(in: .whitespacesAndNewlines),
                           text.trimmingCharacters(in: .whitespacesAndNewlines), "\(page) changed: run scripts/gen-error-docs.py")
        }
        XCTAssertEqual(CodeRegistry.entry(for: "e0201")?.title, "unknown name")
    }
}
