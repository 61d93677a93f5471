import Foundation
@testable import AuraSyntax
import XCTest

/// The keyword lists of the Vim syntax, the TextMate grammar and the Emacs mode are the
/// lexer's keyword table, no more and no less.
final class KeywordListTests: XCTestCase {
    private let lexer = Keywords.names

    func testVimSyntaxKeywordsAreTheLexersTable() throws {
        let syntax = try EditorFiles.read("neovim/syntax/aura.vim")
        var words: Set<String> = []
        for line in syntax.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            // `syn keyword GROUP word...`; the comment-marker words it highlights inside comments are not language keywords.
            guard fields.count > 2, fields[0] == "syn", fields[1] == "keyword", fields[2] != "auraTodo" else { continue }
            words.formUnion(fields.dropFirst(3))
        }
        XCTAssertEqual(words, lexer)
    }

    func testTextMateKeywordsAreTheLexersTable() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: EditorFiles.editors + "/vscode/syntaxes/aura.tmLanguage.json"))
        let grammar = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let keywords = try XCTUnwrap((grammar["repository"] as? [String: Any])?["keywords"] as? [String: Any])
        let patterns = try XCTUnwrap(keywords["patterns"] as? [[String: Any]])
        var words: Set<String> = []
        for pattern in patterns {
            let match = try XCTUnwrap(pattern["match"] as? String)
            // Each rule is `\b(word|word)\b`.
            XCTAssertTrue(match.hasPrefix("\\b(") && match.hasSuffix(")\\b"), match)
            words.formUnion(match.dropFirst(3).dropLast(3).split(separator: "|").map(String.init))
        }
        XCTAssertEqual(words, lexer)
    }

    func testEmacsModeKeywordsAreTheLexersTable() throws {
        let mode = try EditorFiles.read("emacs/aura-mode.el")
        let words = try strings(ofDefconst: "aura-keywords", in: mode).union(strings(ofDefconst: "aura-constants", in: mode))
        // The placeholder has a rule of its own.
        XCTAssertTrue(mode.contains("(\"\\\\_<_\\\\_>\" . font-lock-builtin-face)"))
        XCTAssertEqual(words.union(["_"]), lexer)
    }

    /// The strings of `(defconst NAME '("a" "b" ...)`.
    private func strings(ofDefconst name: String, in text: String) throws -> Set<String> {
        let start = try XCTUnwrap(text.range(of: "(defconst \(name)\n  '(") ?? text.range(of: "(defconst \(name) '("), "no defconst \(name)")
        let end = try XCTUnwrap(text[start.upperBound...].firstIndex(of: ")"))
        let list = text[start.upperBound..<end]
        return Set(list.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\n ")) }.filter { !$0.isEmpty })
    }
}
