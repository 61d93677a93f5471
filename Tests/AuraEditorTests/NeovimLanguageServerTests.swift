import Foundation
import XCTest

/// A real LSP client against `aura lsp`: headless Neovim with editors/neovim, set up by
/// `require("aura").setup()` as a user would, opens the broken, badly laid out file of
/// `LanguageServerScenario` and goes through diagnostics, hover, go to definition, the
/// quickfix code action and formatting (Drivers/lsp_session.lua). Neovim 0.7 (Debian
/// bookworm) takes the plugin's start_client fallback; 0.8 and later vim.lsp.start.
///
/// The `aura` under test is the one built beside this bundle, or `AURA_BINARY`.
final class NeovimLanguageServerTests: XCTestCase {
    private func lines(_ value: Any?) throws -> String {
        try XCTUnwrap(value as? [String], "not a list of lines: \(String(describing: value))").joined(separator: "\n") + "\n"
    }

    func testDiagnosticsHoverDefinitionQuickfixAndFormattingInNeovim() throws {
        let aura = try ExternalTool.aura()
        let project = try LanguageServerScenario(for: self)
        let session = try NeovimSession(home: try EditorFiles.temporaryDirectory(for: self, prefix: "aura-nvim-home"))
        let report = try session.run(driver: "lsp_session.lua", file: "src/main.aura", in: project.root, environment: [
            "AURA_BINARY": aura.path,
            "AURA_OTHER_FILE": project.otherFile,
        ])
        let result = report.result
        guard report.ok else {
            return XCTFail("Neovim: \(report.error ?? "no error reported")\nwhat it saw before: \(result)")
        }
        XCTAssertEqual(result["filetype"] as? String, "aura")
        XCTAssertEqual(result["client_name"] as? String, "aura")
        XCTAssertEqual((result["root_dir"] as? String).map(LanguageServerScenario.resolved),
                       LanguageServerScenario.resolved(project.root), "the root is the directory holding .git")

        // The missing `!` of print, pushed by the server.
        let diagnostics = try XCTUnwrap(result["diagnostics"] as? [[String: Any]])
        let missingBang = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "E0402" }, "no E0402 in \(diagnostics)")
        XCTAssertEqual(missingBang["source"] as? String, "aura")
        XCTAssertEqual(missingBang["line"] as? Int, try LanguageServerScenario.printLine)
        XCTAssertEqual(missingBang["severity"] as? Int, 1, "an error")

        LanguageServerScenario.assertHover(result["hover"] as? String)

        // The jump lands on the definition.
        let definition = try XCTUnwrap(result["definition"] as? [String: Any])
        XCTAssertEqual(definition["line"] as? Int, try LanguageServerScenario.definitionLine)
        XCTAssertEqual(definition["column"] as? Int, 1)

        // The quickfix adds the `!`, and only that; the server then drops the diagnostic.
        let actions = try XCTUnwrap(result["code_actions"] as? [[String: Any]])
        XCTAssertTrue(actions.contains { $0["kind"] as? String == "quickfix" }, "offered: \(actions)")
        XCTAssertEqual(try lines(result["after_fix"]), LanguageServerScenario.fixed)
        let remaining = try XCTUnwrap(result["diagnostics_after_fix"] as? [[String: Any]])
        XCTAssertFalse(remaining.contains { $0["code"] as? String == "E0402" }, "still: \(remaining)")

        try LanguageServerScenario.assertFormatted(before: lines(result["before_format"]), after: lines(result["after_format"]), aura: aura)

        // One server for the project: the second file shares the client.
        XCTAssertEqual(result["second_file_client_shared"] as? Bool, true)
        XCTAssertEqual(result["clients_running"] as? Int, 1)
    }
}
