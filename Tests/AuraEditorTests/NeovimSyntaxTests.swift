import Foundation
import XCTest

/// editors/neovim in a real headless Neovim: filetype detection, the syntax groups of
/// syntax/aura.vim at chosen places of a sample, the ftplugin's options and indent/aura.vim.
final class NeovimSyntaxTests: XCTestCase {
    /// The syntax groups syntax/aura.vim may give each role.
    static let groups: [HighlightSample.Role: Set<String>] = [
        .comment: ["auraComment"],
        .string: ["auraString"],
        .escape: ["auraEscape"],
        .interpolation: ["auraInterpolation", "auraInterpolationDelimiter"],
        .number: ["auraNumber", "auraFloat"],
        .keyword: ["auraConditional", "auraRepeat", "auraStatement", "auraInclude", "auraTest", "auraOperatorWord"],
        .constant: ["auraBoolean", "auraNone"],
        .placeholder: ["auraPlaceholder"],
        .capability: ["auraCapability"],
        .record: ["auraRecordDeclaration"],
        .tag: ["auraTag"],
        .type: ["auraType", "auraTypeName"],
        .effect: ["auraEffect"],
        .function: ["auraFunction"],
        .plain: [""],
    ]

    func testSyntaxGroupsAndFiletypeSettingsOnTheSample() throws {
        let dir = try EditorFiles.temporaryDirectory(for: self, prefix: "aura-nvim-syntax")
        try HighlightSample.write(into: dir)
        let session = try NeovimSession(home: dir)
        let report = try session.run(driver: "syntax_groups.lua", file: "sample.aura", in: dir,
                                     environment: ["AURA_PROBES": dir + "/probes.txt"])
        XCTAssertTrue(report.ok, report.error ?? "")
        XCTAssertEqual(report.result["filetype"] as? String, "aura", "ftdetect/aura.vim sets the filetype")
        XCTAssertEqual(report.result["syntax"] as? String, "aura")
        XCTAssertEqual(report.result["commentstring"] as? String, "# %s")
        XCTAssertEqual(report.result["shiftwidth"] as? Int, 4, "aura fmt indents by four spaces")
        XCTAssertEqual(report.result["expandtab"] as? Bool, true)
        XCTAssertEqual(report.result["indentexpr"] as? String, "GetAuraIndent(v:lnum)")

        let found = try XCTUnwrap(report.result["groups"] as? [String])
        HighlightSample.assertRoles(found, accepted: Self.groups, editor: "Neovim")
    }

    func testIndentationReproducesAuraFmt() throws {
        let dir = try EditorFiles.temporaryDirectory(for: self, prefix: "aura-nvim-indent")
        let formatted = try IndentSample.formatted()
        try IndentSample.flattened(formatted).write(toFile: dir + "/flat.aura", atomically: true, encoding: .utf8)

        let report = try NeovimSession(home: dir).run(driver: "indent_buffer.lua", file: "flat.aura", in: dir)
        XCTAssertTrue(report.ok, report.error ?? "")
        let lines = try XCTUnwrap(report.result["lines"] as? [String])
        // A buffer has no line after the final newline; the formatted text ends in one.
        XCTAssertEqual(lines.joined(separator: "\n") + "\n", formatted)
    }
}
