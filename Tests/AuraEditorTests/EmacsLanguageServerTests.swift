import Foundation
import XCTest

/// A second real LSP client against `aura lsp`: Emacs with aura-mode.el and Eglot (Debian's
/// elpa-eglot), `eglot-ensure` on aura-mode-hook as the README says, on the project of
/// `LanguageServerScenario`: Flymake diagnostics, ElDoc hover, xref's jump, the quickfix from
/// Eglot's menu, `eglot-format-buffer` (Drivers/emacs_lsp.el).
///
/// The `aura` under test is the one built beside this bundle, or `AURA_BINARY`.
final class EmacsLanguageServerTests: XCTestCase {
    func testDiagnosticsHoverDefinitionQuickfixAndFormattingThroughEglot() throws {
        let aura = try ExternalTool.aura()
        let project = try LanguageServerScenario(for: self)
        let session = try EmacsSession(home: try EditorFiles.temporaryDirectory(for: self, prefix: "aura-emacs-home"))
        let data = try session.run(driver: "emacs_lsp.el", file: project.mainFile, in: project.root,
                                   environment: ["AURA_BINARY": aura.path])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let result = report["result"] as? [String: Any] ?? [:]
        guard report["ok"] as? Bool == true else {
            return XCTFail("Emacs: \(report["error"] as? String ?? "no error reported")\nwhat it saw before: \(result)")
        }
        XCTAssertEqual(result["mode"] as? String, "aura-mode")
        XCTAssertEqual((result["root"] as? String).map(LanguageServerScenario.resolved),
                       LanguageServerScenario.resolved(project.root), "project.el's root is the git repository")

        let diagnostics = try XCTUnwrap(result["diagnostics"] as? [[String: Any]])
        let missingBang = try XCTUnwrap(diagnostics.first { ($0["text"] as? String)?.contains("[E0402]") ?? false }, "no E0402 in \(diagnostics)")
        XCTAssertEqual(missingBang["line"] as? Int, try LanguageServerScenario.printLine)
        XCTAssertEqual(missingBang["type"] as? String, "eglot-error")

        LanguageServerScenario.assertHover(result["hover"] as? String)

        let definition = try XCTUnwrap(result["definition"] as? [String: Any])
        XCTAssertEqual(definition["line"] as? Int, try LanguageServerScenario.definitionLine)
        XCTAssertEqual(definition["column"] as? Int, 1)

        let actions = try XCTUnwrap(result["code_actions"] as? [String])
        XCTAssertFalse(actions.isEmpty, "Eglot offered no quickfix")
        XCTAssertEqual(result["after_fix"] as? String, LanguageServerScenario.fixed)
        let remaining = try XCTUnwrap(result["diagnostics_after_fix"] as? [[String: Any]])
        XCTAssertFalse(remaining.contains { ($0["text"] as? String)?.contains("[E0402]") ?? false }, "still: \(remaining)")

        try LanguageServerScenario.assertFormatted(before: XCTUnwrap(result["before_format"] as? String),
                                                   after: XCTUnwrap(result["after_format"] as? String), aura: aura)
    }
}
