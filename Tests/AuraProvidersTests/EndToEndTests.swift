import AuraHeal
import AuraTestSupport
import Foundation
import XCTest

/// The built `git-aura` on a real repository against the mock: a semantic bug no rule can fix is
/// healed by `git aura heal --provider claude`, verified by the project's tests, and undone; the
/// API key appears nowhere — not in any output, file, object or reflog.
final class EndToEndTests: XCTestCase {
    let mock = MockModelServer.shared
    var outputs: [String] = []

    func aura(_ repository: TestRepository, _ arguments: [String], key: String? = testKey) throws -> TestRepository.Output {
        var environment = ["NO_COLOR": "1"]
        environment["ANTHROPIC_API_KEY"] = key ?? ""
        let output = try repository.aura(arguments, environment: environment)
        outputs += [output.stdout, output.stderr]
        return output
    }

    func testHealSemanticBugWithClaudeThenUndo() throws {
        let repository = try TestRepository(files: ["src/calc.aura": calcSource])
        try repository.git("config", "aura.claude.baseUrl", mock.baseURL)
        let original = try repository.read("src/calc.aura")

        let before = try aura(repository, ["status"])
        XCTAssertEqual(before.status, 2, before.stdout + before.stderr)
        XCTAssertTrue(before.stdout.contains("test src/calc.aura: add adds fails"), before.stdout)

        // Rules alone cannot fix it.
        mock.script([], expectKey: testKey)
        let rulesOnly = try aura(repository, ["heal", "--yes"])
        XCTAssertTrue(rulesOnly.stdout.contains("no automatic fix"), rulesOnly.stdout)
        XCTAssertEqual(mock.requests().count, 0, "the rules provider makes no request")

        mock.script([["fix": calcFix]], expectKey: testKey)
        let heal = try aura(repository, ["heal", "--provider", "claude", "--yes"])
        XCTAssertEqual(heal.status, 0, heal.stdout + heal.stderr)
        XCTAssertTrue(heal.stdout.contains("- add(a:i, b:i): i = a - b"), heal.stdout)
        XCTAssertTrue(heal.stdout.contains("+ add(a:i, b:i): i = a + b"), heal.stdout)
        XCTAssertTrue(heal.stdout.contains("claude/patch · risk medium · confidence 0.90 · tokens 812 in, 140 out → applied"), heal.stdout)
        XCTAssertTrue(heal.stdout.contains("verified: parse ✓ types ✓ tests 1/1 ✓ vm ✓"), heal.stdout)
        XCTAssertEqual(mock.requests().count, 1)
        // A failing test has no line: the heal's subject names the test, not `T0001 src/calc.aura:0`.
        XCTAssertEqual(try repository.git("log", "-1", "--format=%s", "refs/aura/heal"), "aura heal: test \"add adds\" in src/calc.aura\n")
        let published = try aura(repository, ["publish"])
        XCTAssertEqual(published.status, 0, published.stderr)
        XCTAssertTrue(published.stdout.contains("Fixed: test \"add adds\" in src/calc.aura"), published.stdout)
        XCTAssertTrue(published.stdout.contains("- `T0001 src/calc.aura` (`aura explain T0001`)"), published.stdout)

        let healed = try repository.read("src/calc.aura")
        XCTAssertEqual(healed, original.replacingOccurrences(of: "a - b", with: "a + b"))
        let verification = Verifier.verify(files: ["src/calc.aura": Array(healed.utf8)])
        XCTAssertEqual(verification.failedTests.count, 0)
        XCTAssertEqual(verification.passedTests, [TestName(module: "src/calc.aura", title: "add adds")])
        XCTAssertEqual(try aura(repository, ["status"]).status, 0)

        let undo = try aura(repository, ["undo"])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: repository.path + "/src/calc.aura")), Data(original.utf8))
        try assertKeyAbsent(repository)
    }

    func testStreamingHealServerEchoesAndConfigErrorsNeverShowTheKey() throws {
        let repository = try TestRepository(files: ["src/calc.aura": calcSource])
        try repository.git("config", "aura.claude.baseUrl", mock.baseURL)
        try repository.git("config", "aura.provider", "rules,claude")
        try repository.git("config", "aura.claude.requestsPerMinute", "100")

        // A hostile or buggy server quoting the key back: the message is shown redacted.
        mock.script([["status": 400, "message": "bad key \(testKey) in request"]], expectKey: testKey)
        let echoed = try aura(repository, ["heal", "--yes"])
        XCTAssertTrue(echoed.stdout.contains("rejected (claude: HTTP 400 invalid_request_error: bad key [redacted] in request)"), echoed.stdout)

        mock.script([["fix": calcFix, "ping": true]], expectKey: testKey)
        try repository.git("config", "aura.claude.stream", "true")
        let streamed = try aura(repository, ["heal", "--yes", "--json"])
        XCTAssertEqual(streamed.status, 0, streamed.stdout + streamed.stderr)
        XCTAssertTrue(streamed.stdout.contains(#""outcome":"applied""#), streamed.stdout)
        XCTAssertTrue(streamed.stdout.contains(#""tokens":{"input":812,"output":140}"#), streamed.stdout)
        XCTAssertEqual((mock.requests().first?["body"] as? [String: Any])?["stream"] as? Bool, true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repository.path + "/.git/aura/ratelimit-claude.times"))

        let missing = try aura(repository, ["heal", "--provider", "claude"], key: nil)
        XCTAssertEqual(missing.status, 78)
        XCTAssertTrue(missing.stderr.contains("the environment variable ANTHROPIC_API_KEY is not set"), missing.stderr)

        let invalid = try aura(repository, ["heal"], key: testKey + "x")
        XCTAssertEqual(invalid.status, 0, "a different key is just another secret")
        try repository.git("config", "aura.provider", "gpt-9")
        let bad = try aura(repository, ["heal"])
        XCTAssertEqual(bad.status, 78)
        XCTAssertTrue(bad.stderr.contains("invalid value `gpt-9` for aura.provider (set in local config); allowed: rules, claude, openai, replay"), bad.stderr)
        try repository.git("config", "aura.claude.apiKeyEnv", testKey)
        let pasted = try aura(repository, ["heal", "--provider", "claude"])
        XCTAssertEqual(pasted.status, 78)
        XCTAssertTrue(pasted.stderr.contains("invalid value `(hidden)` for aura.claude.apiKeyEnv"), pasted.stderr)
        // The test itself pasted the key into .git/config; remove it before scanning the repository.
        try repository.git("config", "--unset", "aura.claude.apiKeyEnv")
        try assertKeyAbsent(repository)
    }

    func testReplayFileThroughTheCLI() throws {
        let repository = try TestRepository(files: ["src/calc.aura": calcSource])
        try repository.write("demo/replay.json", """
            {"answers": [{"code": "T0001", "path": "src/calc.aura", "message": "add adds",
              "fix": {"action": "patch", "explanation": "add must add", "confidence": 0.8,
                      "edits": [{"file": "src/calc.aura", "line": 1, "old_text": "a - b", "new_text": "a + b"}]}}]}
            """)
        try repository.git("config", "aura.replay.file", "demo/replay.json")
        let dryRun = try aura(repository, ["heal", "--provider", "rules,replay", "--dry-run", "--yes"])
        XCTAssertTrue(dryRun.stdout.contains("replay/patch · risk medium · confidence 0.80 → would apply"), dryRun.stdout)
        XCTAssertEqual(try repository.read("src/calc.aura"), calcSource)
        let heal = try aura(repository, ["heal", "--provider", "replay", "--yes"])
        XCTAssertEqual(heal.status, 0, heal.stdout + heal.stderr)
        XCTAssertTrue(try repository.read("src/calc.aura").contains("i = a + b"))
    }

    /// The key in no output, no file under the repository (`.git` included: config, reflogs,
    /// rate-limiter state), and no object (commits, trees and blobs, decompressed).
    func assertKeyAbsent(_ repository: TestRepository, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(outputs.isEmpty)
        for output in outputs { XCTAssertFalse(output.contains(testKey), "key in output: \(output)", file: file, line: line) }
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: repository.path))
        var scanned = 0
        for case let relative as String in enumerator {
            guard let data = FileManager.default.contents(atPath: repository.path + "/" + relative) else { continue }
            scanned += 1
            XCTAssertNil(data.range(of: Data(testKey.utf8)), "key in \(relative)", file: file, line: line)
        }
        XCTAssertGreaterThan(scanned, 10)
        let objects = try TestRepository.run("/usr/bin/git", ["cat-file", "--batch-all-objects", "--batch", "--unordered"], in: repository.path)
        XCTAssertTrue(objects.stdout.contains("Aura-Op"), "heal and snapshot commits were scanned", file: file, line: line)
        XCTAssertFalse(objects.stdout.contains(testKey), "key in an object", file: file, line: line)
        let logs = try repository.git("log", "--all", "--walk-reflogs", "--format=%gs %B", "refs/aura/heal")
        XCTAssertFalse(logs.contains(testKey), file: file, line: line)
    }
}
