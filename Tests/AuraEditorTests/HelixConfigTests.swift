import Foundation
import XCTest

/// editors/helix/languages.toml read by a real TOML parser (Python's tomllib): the language
/// entry names a language server that is defined and runs `aura lsp`.
final class HelixConfigTests: XCTestCase {
    func testLanguagesTomlDefinesAuraAndItsServer() throws {
        let python = try ExternalTool.required("python3", package: "python3")
        let script = """
            import json, sys, tomllib
            with open(sys.argv[1], "rb") as f:
                print(json.dumps(tomllib.load(f)))
            """
        let run = try python.run(["-c", script, EditorFiles.editors + "/helix/languages.toml"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let languages = try XCTUnwrap(config["language"] as? [[String: Any]])
        let aura = try XCTUnwrap(languages.first { $0["name"] as? String == "aura" })
        XCTAssertEqual(aura["file-types"] as? [String], ["aura"])
        XCTAssertEqual(aura["comment-token"] as? String, "#")
        XCTAssertEqual((aura["indent"] as? [String: Any])?["unit"] as? String, "    ")
        let servers = try XCTUnwrap(config["language-server"] as? [String: Any])
        let names = try XCTUnwrap(aura["language-servers"] as? [String])
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let server = try XCTUnwrap(servers[name] as? [String: Any], "language server \(name) is not defined")
            XCTAssertEqual(server["command"] as? String, "aura")
            XCTAssertEqual(server["args"] as? [String], ["lsp"])
        }
    }
}
