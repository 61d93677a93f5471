import Foundation
import XCTest

/// editors/emacs/aura-mode.el in a real `emacs --batch`: auto-mode-alist, the faces of the
/// sample at the probes, comment settings, the Eglot entry and the indentation of `aura fmt`.
final class EmacsModeTests: XCTestCase {
    /// The faces aura-mode.el may give each role.
    static let faces: [HighlightSample.Role: Set<String>] = [
        .comment: ["font-lock-comment-face", "font-lock-comment-delimiter-face"],
        .string: ["font-lock-string-face"],
        .escape: ["aura-escape-face"],
        .interpolation: ["font-lock-variable-name-face"],
        .number: ["font-lock-constant-face"],
        .keyword: ["font-lock-keyword-face"],
        .constant: ["font-lock-constant-face"],
        .placeholder: ["font-lock-builtin-face"],
        .capability: ["font-lock-preprocessor-face"],
        .record: ["font-lock-type-face"],
        .tag: ["font-lock-preprocessor-face"],
        .type: ["font-lock-type-face"],
        .effect: ["aura-effect-face"],
        .function: ["font-lock-function-name-face"],
        .plain: [""],
    ]

    private func emacs(driver: String, file: String, in dir: String, environment: [String: String] = [:]) throws -> Data {
        try EmacsSession(home: dir).run(driver: driver, file: file, in: dir, environment: environment)
    }

    func testFacesSettingsAndEglotEntryOnTheSample() throws {
        let dir = try EditorFiles.temporaryDirectory(for: self, prefix: "aura-emacs-faces")
        try HighlightSample.write(into: dir)
        let data = try emacs(driver: "emacs_faces.el", file: dir + "/sample.aura", in: dir,
                             environment: ["AURA_PROBES": dir + "/probes.txt"])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(report["mode"] as? String, "aura-mode", "auto-mode-alist maps .aura to aura-mode")
        XCTAssertEqual(report["comment_start"] as? String, "# ")
        XCTAssertEqual(report["indent_tabs"] as? Bool, false)
        XCTAssertEqual(report["indent_offset"] as? Int, 4)
        XCTAssertEqual(report["eglot_command"] as? [String], ["aura", "lsp"])

        let found = try XCTUnwrap(report["faces"] as? [String])
        HighlightSample.assertRoles(found, accepted: Self.faces, editor: "Emacs")
    }

    func testIndentationReproducesAuraFmt() throws {
        let dir = try EditorFiles.temporaryDirectory(for: self, prefix: "aura-emacs-indent")
        let formatted = try IndentSample.formatted()
        try IndentSample.flattened(formatted).write(toFile: dir + "/flat.aura", atomically: true, encoding: .utf8)
        let data = try emacs(driver: "emacs_indent.el", file: dir + "/flat.aura", in: dir)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), formatted)
    }
}
