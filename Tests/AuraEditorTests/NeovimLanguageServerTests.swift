import Foundation
import XCTest

/// A real LSP client against `aura lsp`: headless Neovim with editors/neovim, set up by
/// `require("aura").setup()` as a user would, opens a broken, badly laid out file of a git
/// project and goes through diagnostics, hover, go to definition, the quickfix code action
/// and formatting (Drivers/lsp_session.lua). Neovim 0.7 (Debian bookworm) takes the plugin's
/// start_client fallback; 0.8 and later vim.lsp.start.
///
/// The `aura` under test is the one built beside this bundle, or `AURA_BINARY`.
final class NeovimLanguageServerTests: XCTestCase {
    private let main = """
        # Greets someone by name.
        greet(name:s): s = "hello ${name}"

        main = {
            message   =   greet("Ana")
            print(message)
        }

        """

    private let other = """
        twice(n:i): i = n * 2

        """

    /// The 1-based line of the first line of `text` containing `needle`.
    private func line(of needle: String, in text: String) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.contains(needle) }, "no `\(needle)`") + 1
    }

    private func lines(_ value: Any?) throws -> String {
        try XCTUnwrap(value as? [String], "not a list of lines: \(String(describing: value))").joined(separator: "\n") + "\n"
    }

    func testDiagnosticsHoverDefinitionQuickfixAndFormattingInNeovim() throws {
        let aura = try ExternalTool.aura()
        let project = try EditorFiles.temporaryDirectory(for: self, prefix: "aura-nvim-lsp")
        let git = try ExternalTool.required("git", package: "git")
        XCTAssertEqual(try git.run(["init", "-q"], in: project).status, 0)
        // The file sits below the root, so the plugin has to walk up to the `.git`.
        try FileManager.default.createDirectory(atPath: project + "/src", withIntermediateDirectories: true)
        try main.write(toFile: project + "/src/main.aura", atomically: true, encoding: .utf8)
        try other.write(toFile: project + "/src/other.aura", atomically: true, encoding: .utf8)

        let session = try NeovimSession(home: try EditorFiles.temporaryDirectory(for: self, prefix: "aura-nvim-home"))
        let report = try session.run(driver: "lsp_session.lua", file: "src/main.aura", in: project, environment: [
            "AURA_BINARY": aura.path,
            "AURA_OTHER_FILE": project + "/src/other.aura",
        ])
        let result = report.result
        guard report.ok else {
            return XCTFail("Neovim: \(report.error ?? "no error reported")\nwhat it saw before: \(result)")
        }
        XCTAssertEqual(result["filetype"] as? String, "aura")
        XCTAssertEqual(result["client_name"] as? String, "aura")
        XCTAssertEqual((result["root_dir"] as? String).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path },
                       URL(fileURLWithPath: project).resolvingSymlinksInPath().path, "the root is the directory holding .git")

        // The missing `!` of print, pushed by the server.
        let diagnostics = try XCTUnwrap(result["diagnostics"] as? [[String: Any]])
        let printLine = try line(of: "print(message)", in: main)
        let missingBang = try XCTUnwrap(diagnostics.first { $0["code"] as? String == "E0402" }, "no E0402 in \(diagnostics)")
        XCTAssertEqual(missingBang["source"] as? String, "aura")
        XCTAssertEqual(missingBang["line"] as? Int, printLine)
        XCTAssertEqual(missingBang["severity"] as? Int, 1, "an error")

        // Hover on the call shows the function and its doc comment.
        let hover = try XCTUnwrap(result["hover"] as? String)
        XCTAssertTrue(hover.contains("greet"), hover)
        XCTAssertTrue(hover.contains("Greets someone by name."), hover)

        // The jump lands on the definition.
        let definition = try XCTUnwrap(result["definition"] as? [String: Any])
        XCTAssertEqual(definition["line"] as? Int, try line(of: "greet(name:s)", in: main))
        XCTAssertEqual(definition["column"] as? Int, 1)

        // The quickfix adds the `!`, and only that; the server then drops the diagnostic.
        let actions = try XCTUnwrap(result["code_actions"] as? [[String: Any]])
        XCTAssertTrue(actions.contains { $0["kind"] as? String == "quickfix" }, "offered: \(actions)")
        XCTAssertEqual(try lines(result["after_fix"]), main.replacingOccurrences(of: "print(message)", with: "print!(message)"))
        let remaining = try XCTUnwrap(result["diagnostics_after_fix"] as? [[String: Any]])
        XCTAssertFalse(remaining.contains { $0["code"] as? String == "E0402" }, "still: \(remaining)")

        // Formatting gives what `aura fmt` prints for the same text.
        let beforeFormat = try lines(result["before_format"])
        let expected = try aura.run(["fmt", "--stdin"], input: beforeFormat)
        XCTAssertEqual(expected.status, 0, expected.stderr)
        XCTAssertNotEqual(beforeFormat, expected.stdout, "the file was not in the canonical layout")
        XCTAssertEqual(try lines(result["after_format"]), expected.stdout)

        // One server for the project: the second file shares the client.
        XCTAssertEqual(result["second_file_client_shared"] as? Bool, true)
        XCTAssertEqual(result["clients_running"] as? Int, 1)
    }
}
