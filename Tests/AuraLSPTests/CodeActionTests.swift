import Foundation
import XCTest

/// Code actions: the checker's fixes labelled by applicability, the healer's candidates labelled
/// by risk and verification receipt, and "Fix all safe problems in file".
final class CodeActionTests: XCTestCase {
    static let stats = """
    total(xs: [i]): i = sum(xs)
    count(xs: [i]): i = len(xs)
    average(xs: [i]): i = totl(xs) / count(xs)

    test "average" {
      assert_eq(average([2, 4]), 3)
    }

    """

    func actions(_ client: LSPTestClient, _ path: String, line: Int, character: Int, only: [String]? = nil) throws -> [[String: Any]] {
        var context: [String: Any] = ["diagnostics": []]
        if let only { context["only"] = only }
        let params: [String: Any] = ["textDocument": ["uri": client.uri(path)],
                                     "range": ["start": ["line": line, "character": character], "end": ["line": line, "character": character]],
                                     "context": context]
        return try XCTUnwrap(try client.result("textDocument/codeAction", params) as? [[String: Any]])
    }

    func testFixesAreLabelledAndTheHealerFixIsVerifiedByTheTests() throws {
        let client = try LSPTestClient(root: try temporaryProject(["stats.aura": Self.stats]))
        client.open("stats.aura", Self.stats)
        XCTAssertEqual(try client.diagnostics("stats.aura").first?["code"] as? String, "E0201")
        let found = try actions(client, "stats.aura", line: 2, character: 24)
        let titles = found.compactMap { $0["title"] as? String }
        XCTAssertTrue(titles.contains("replace with `total` (check the result)"), "\(titles)")
        let heal = try XCTUnwrap(found.first { ($0["title"] as? String)?.hasPrefix("Heal (rules/similar-name, low risk)") == true }, "\(titles)")
        XCTAssertTrue((heal["title"] as? String)?.hasSuffix("verified: types ✓ tests 1/1") == true, "\(heal)")
        XCTAssertNil(heal["disabled"])
        let edits = try XCTUnwrap((heal[path: "edit.changes"] as? [String: Any])?[client.uri("stats.aura")] as? [[String: Any]])
        XCTAssertEqual(applying(edits, to: Self.stats), Self.stats.replacingOccurrences(of: "totl(xs)", with: "total(xs)"))
        _ = try client.shutdown()
    }

    func testAFixTheTestsRejectIsOfferedDisabledWithTheReason() throws {
        // The similar name checks, but the test says the average of [2, 4] is 6: `total` is not it.
        let wrong = Self.stats.replacingOccurrences(of: "assert_eq(average([2, 4]), 3)", with: "assert_eq(average([2, 4]), 6)")
        let client = try LSPTestClient(root: try temporaryProject(["stats.aura": wrong]))
        client.open("stats.aura", wrong)
        let heal = try XCTUnwrap(try actions(client, "stats.aura", line: 2, character: 24).first { ($0["title"] as? String)?.hasPrefix("Heal") == true })
        let reason = try XCTUnwrap(heal[path: "disabled.reason"] as? String, "\(heal)")
        XCTAssertTrue(reason.contains("test") && reason.contains("average"), reason)
        XCTAssertTrue((heal["title"] as? String)?.contains("not verified") == true)
        _ = try client.shutdown()
    }

    func testVerificationNeverPerformsTheProgramsEffects() throws {
        // `main` writes a file when run for real; verification runs it in the sandbox's scratch
        // directory, so nothing appears in the project.
        let source = """
        +db
        main = {
          count = 1
          conn = db.connect!("sqlite:side-effect.db")
          db.execute!(conn, "CREATE TABLE t (x INTEGER)", [])
          print!(to_s(cuont))
        }

        """
        let root = try temporaryProject(["app.aura": source])
        let client = try LSPTestClient(root: root)
        client.open("app.aura", source)
        let found = try actions(client, "app.aura", line: 5, character: 15)
        XCTAssertTrue(found.contains { ($0["title"] as? String)?.contains("verified: types ✓ tests 0/0 main ✓") == true },
                      "\(found.compactMap { $0["title"] })")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/side-effect.db"), "verification touched the project directory")
        _ = try client.shutdown()
    }

    func testFixAllSafeProblemsInFile() throws {
        let source = """
        main = {
          print(1)
          print(2)
        }

        """
        let client = try LSPTestClient(root: try temporaryProject([:]))
        client.open("a.aura", source)
        XCTAssertEqual(try client.diagnostics("a.aura").count, 2)
        let found = try actions(client, "a.aura", line: 0, character: 0, only: ["source.fixAll"])
        XCTAssertEqual(found.count, 1, "only the source action was asked for: \(found)")
        let fixAll = try XCTUnwrap(found.first)
        XCTAssertEqual(fixAll["kind"] as? String, "source.fixAll.aura")
        XCTAssertEqual(fixAll["title"] as? String, "Fix all safe problems in file (2 fixes; types ✓)")
        let edits = try XCTUnwrap((fixAll[path: "edit.changes"] as? [String: Any])?[client.uri("a.aura")] as? [[String: Any]])
        XCTAssertEqual(applying(edits, to: source), "main = {\n  print!(1)\n  print!(2)\n}\n")
        _ = try client.shutdown()
    }
}
