import Foundation
import XCTest

/// editors/vscode: every JSON file of the editor packages parses, the manifest contributes
/// what extension.js and VS Code need, and the TextMate grammar compiles and tokenises the
/// sample the other editors highlight.
final class VSCodeExtensionTests: XCTestCase {
    private func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: EditorFiles.editors + "/" + path))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is not a JSON object")
    }

    func testEveryJSONFileUnderEditorsParses() throws {
        let files = EditorFiles.files(endingIn: ".json")
        XCTAssertEqual(Set(files.map { URL(fileURLWithPath: $0).lastPathComponent }),
                       ["package.json", "language-configuration.json", "aura.tmLanguage.json"])
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data), "\(file) is not valid JSON")
        }
    }

    func testManifestContributesTheLanguageGrammarAndServerSetting() throws {
        let manifest = try json("vscode/package.json")
        XCTAssertEqual(manifest["activationEvents"] as? [String], ["onLanguage:aura"])
        XCTAssertEqual(manifest["main"] as? String, "./extension.js")
        XCTAssertNotNil((manifest["dependencies"] as? [String: String])?["vscode-languageclient"])
        let contributes = try XCTUnwrap(manifest["contributes"] as? [String: Any])
        let language = try XCTUnwrap((contributes["languages"] as? [[String: Any]])?.first)
        XCTAssertEqual(language["id"] as? String, "aura")
        XCTAssertEqual(language["extensions"] as? [String], [".aura"])
        let grammar = try XCTUnwrap((contributes["grammars"] as? [[String: Any]])?.first)
        XCTAssertEqual(grammar["scopeName"] as? String, "source.aura")
        // Every file the manifest names is in the folder.
        for case let path? in [language["configuration"] as? String, grammar["path"] as? String, manifest["main"] as? String] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: EditorFiles.editors + "/vscode/" + path), "\(path) is missing")
        }
        let properties = try XCTUnwrap((contributes["configuration"] as? [String: Any])?["properties"] as? [String: Any])
        let serverPath = try XCTUnwrap(properties["aura.server.path"] as? [String: Any])
        XCTAssertEqual(serverPath["default"] as? String, "aura")
        // extension.js reads the setting it declares and starts `lsp`.
        let script = try EditorFiles.read("vscode/extension.js")
        XCTAssertTrue(script.contains("\"server.path\""))
        XCTAssertTrue(script.contains("[\"lsp\""))

        let configuration = try json("vscode/language-configuration.json")
        XCTAssertEqual((configuration["comments"] as? [String: Any])?["lineComment"] as? String, "#")
    }

    func testGrammarRegexesCompileAndTheSampleTokenises() throws {
        let grammar = try TextMateGrammar(json: json("vscode/syntaxes/aura.tmLanguage.json"))
        XCTAssertGreaterThan(grammar.regexSources.count, 20, "every rule's regex was compiled")
        let scopes = grammar.tokenize(HighlightSample.source)
        let found = HighlightSample.probedPositions.map { entry -> String in
            let lineScopes = scopes[entry.position.line - 1]
            let here = lineScopes[entry.position.column - 1]
            // The innermost scope that says what the character is.
            return here.last { scope in Self.scopes.values.contains { $0.contains(scope) } } ?? ""
        }
        HighlightSample.assertRoles(found, accepted: Self.scopes, editor: "TextMate grammar")
    }

    /// The scopes the grammar may give each role (the innermost one is compared).
    static let scopes: [HighlightSample.Role: Set<String>] = [
        .comment: ["comment.line.number-sign.aura"],
        .string: ["string.quoted.double.aura", "punctuation.definition.string.begin.aura", "punctuation.definition.string.end.aura"],
        .escape: ["constant.character.escape.aura"],
        .interpolation: ["meta.interpolation.aura", "punctuation.section.interpolation.begin.aura",
                         "punctuation.section.interpolation.end.aura", "source.aura.embedded"],
        .number: ["constant.numeric.integer.aura", "constant.numeric.float.aura", "constant.numeric.hex.aura"],
        .keyword: ["keyword.control.aura", "keyword.control.import.aura", "storage.modifier.var.aura",
                   "keyword.other.test.aura", "keyword.other.with.aura", "keyword.operator.logical.aura"],
        .constant: ["constant.language.boolean.aura", "constant.language.none.aura"],
        .placeholder: ["variable.language.placeholder.aura"],
        .capability: ["keyword.other.capability.aura"],
        .record: ["storage.type.record.aura", "entity.name.type.record.aura"],
        .tag: ["storage.modifier.tag.aura"],
        .type: ["support.type.builtin.aura", "entity.name.type.aura"],
        .effect: ["entity.name.function.effect.aura"],
        .function: ["entity.name.function.aura"],
        .plain: [""],
    ]
}
