import Foundation
import XCTest

/// Every request method of `aura lsp`, over JSON-RPC against the real binary.
final class LanguageFeatureTests: XCTestCase {
    static let util = """
    # Adds two numbers.
    # Both are integers.
    add(a: i, b: i): i = a + b

    @User { name:s age:i }

    @Shape = Circle { r:f } | Empty

    """
    static let app = """
    use util

    greet(user: util.User): s = "hi ${user.name}"

    main = {
      u = util.User { name: "ada", age: 36 }
      total = util.add(1, 2)
      print!(greet(u))
      print!(to_s(total))
    }

    test "adds" {
      assert_eq(util.add(2, 2), 4)
    }

    """

    func project() throws -> LSPTestClient {
        try LSPTestClient(root: try temporaryProject(["util.aura": Self.util, "app.aura": Self.app]))
    }

    func testInitializeAnnouncesEveryFeatureAndNegotiatesUTF8() throws {
        let root = try temporaryProject(["app.aura": "main = print!(1)\n"])
        let client = try LSPTestClient(root: root, initialize: false)
        let answer = try client.request("initialize", ["rootUri": client.uri(""), "capabilities": ["general": ["positionEncodings": ["utf-8", "utf-16"]]]])
        let capabilities = try XCTUnwrap(answer[path: "result.capabilities"] as? [String: Any])
        XCTAssertEqual(capabilities["positionEncoding"] as? String, "utf-8")
        for feature in ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "workspaceSymbolProvider",
                        "completionProvider", "signatureHelpProvider", "documentFormattingProvider", "renameProvider", "codeActionProvider"] {
            XCTAssertNotNil(capabilities[feature], feature)
        }
        XCTAssertEqual(capabilities[path: "textDocumentSync.change"] as? Int, 2, "incremental sync")
        XCTAssertEqual(answer[path: "result.serverInfo.name"] as? String, "aura")
        XCTAssertEqual(try client.shutdown(), 0)
    }

    func testDiagnosticsFollowUnsavedEditsAcrossModules() throws {
        let client = try project()
        client.open("app.aura", Self.app)
        XCTAssertEqual(try client.diagnostics("app.aura", version: 1).count, 0)
        // An unsaved edit of util.aura (renaming `add`) breaks app.aura, which is not edited.
        client.open("util.aura", Self.util)
        client.change("util.aura", version: 2, [["range": ["start": ["line": 2, "character": 0], "end": ["line": 2, "character": 3]], "text": "plus"]])
        let broken = try client.diagnostics("app.aura")
        XCTAssertEqual(broken.count, 2, "both calls of `util.add`: \(broken)")
        XCTAssertTrue(broken.allSatisfy { ($0["message"] as? String)?.contains("add") == true && $0["severity"] as? Int == 1 }, "\(broken)")
        XCTAssertEqual(broken.first?["source"] as? String, "aura")
        // Undo the edit: app.aura is clean again and says so.
        client.change("util.aura", version: 3, [["text": Self.util]])
        XCTAssertEqual(try client.diagnostics("app.aura").count, 0)
        XCTAssertEqual(try client.shutdown(), 0)
    }

    func testIncrementalEditsInUTF16Positions() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]))
        // `é` is one UTF-16 unit and two UTF-8 bytes; `𝄞` is two units and four bytes.
        client.open("a.aura", "main = print!(\"é𝄞\" + y)\n")
        let first = try client.diagnostics("a.aura", version: 1)
        XCTAssertEqual(first.first?["code"] as? String, "E0201")
        XCTAssertEqual(first.first?[path: "range.start.character"] as? Int, 22, "columns count UTF-16 units")
        client.change("a.aura", version: 2, [["range": ["start": ["line": 0, "character": 22], "end": ["line": 0, "character": 23]], "text": "\"!\""]])
        XCTAssertEqual(try client.diagnostics("a.aura", version: 2).count, 0)
        _ = try client.shutdown()
    }

    func testHoverShowsTheSignatureAndTheCommentAbove() throws {
        let client = try project()
        client.open("app.aura", Self.app)
        let hover = try XCTUnwrap(try client.result("textDocument/hover", client.position("app.aura", 6, 16)) as? [String: Any])
        let text = try XCTUnwrap(hover[path: "contents.value"] as? String)
        XCTAssertTrue(text.contains("add(a: i, b: i): i"), text)
        XCTAssertTrue(text.contains("Adds two numbers.\nBoth are integers."), text)
        let local = try XCTUnwrap(try client.result("textDocument/hover", client.position("app.aura", 8, 16)) as? [String: Any])
        XCTAssertTrue((local[path: "contents.value"] as? String)?.contains("total: i") == true, "\(local)")
        let field = try XCTUnwrap(try client.result("textDocument/hover", client.position("app.aura", 2, 40)) as? [String: Any])
        XCTAssertTrue((field[path: "contents.value"] as? String)?.contains("name: s") == true, "\(field)")
        _ = try client.shutdown()
    }

    func testDefinitionGoesIntoTheUsedModule() throws {
        let client = try project()
        client.open("app.aura", Self.app)
        let function = try XCTUnwrap(try client.result("textDocument/definition", client.position("app.aura", 6, 16)) as? [String: Any])
        XCTAssertEqual(function["uri"] as? String, client.uri("util.aura"))
        XCTAssertEqual(function[path: "range.start.line"] as? Int, 2)
        let record = try XCTUnwrap(try client.result("textDocument/definition", client.position("app.aura", 5, 13)) as? [String: Any])
        XCTAssertEqual(record["uri"] as? String, client.uri("util.aura"))
        XCTAssertEqual(record[path: "range.start.line"] as? Int, 4)
        let local = try XCTUnwrap(try client.result("textDocument/definition", client.position("app.aura", 7, 16)) as? [String: Any])
        XCTAssertEqual(local[path: "range.start.line"] as? Int, 5, "`u` is bound on line 6")
        _ = try client.shutdown()
    }

    func testReferencesSpanModules() throws {
        let client = try project()
        client.open("app.aura", Self.app)
        let params = client.position("app.aura", 6, 16).merging(["context": ["includeDeclaration": true]]) { $1 }
        let found = try XCTUnwrap(try client.result("textDocument/references", params) as? [[String: Any]])
        XCTAssertEqual(found.count, 3, "the declaration and two calls: \(found)")
        XCTAssertEqual(Set(found.compactMap { $0["uri"] as? String }), [client.uri("app.aura"), client.uri("util.aura")])
        let withoutDeclaration = params.merging(["context": ["includeDeclaration": false]]) { $1 }
        XCTAssertEqual((try client.result("textDocument/references", withoutDeclaration) as? [Any])?.count, 2)
        _ = try client.shutdown()
    }

    func testDocumentAndWorkspaceSymbols() throws {
        let client = try project()
        let symbols = try XCTUnwrap(try client.result("textDocument/documentSymbol", ["textDocument": ["uri": client.uri("util.aura")]]) as? [[String: Any]])
        XCTAssertEqual(symbols.compactMap { $0["name"] as? String }, ["add", "User", "Shape"])
        let shape = try XCTUnwrap(symbols.last)
        XCTAssertEqual((shape["children"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["Circle", "Empty"])
        let workspace = try XCTUnwrap(try client.result("workspace/symbol", ["query": "gre"]) as? [[String: Any]])
        XCTAssertEqual(workspace.compactMap { $0["name"] as? String }, ["greet"])
        XCTAssertEqual(workspace.first?[path: "location.uri"] as? String, client.uri("app.aura"))
        _ = try client.shutdown()
    }

    func testCompletionOffersFieldsMembersAndNamesInScope() throws {
        let client = try project()
        let typing = Self.app.replacingOccurrences(of: "print!(to_s(total))", with: "print!(u.)\n  x = util.")
        client.open("app.aura", typing)
        func labels(_ line: Int, _ character: Int) throws -> [String] {
            let list = try XCTUnwrap(try client.result("textDocument/completion", client.position("app.aura", line, character)) as? [String: Any])
            return (list["items"] as? [[String: Any]])?.compactMap { $0["label"] as? String } ?? []
        }
        XCTAssertEqual(try labels(8, 11), ["name", "age"])
        let members = try labels(9, 11)
        XCTAssertTrue(members.contains("add") && members.contains("User") && members.contains("Circle"), "\(members)")
        let scope = try labels(8, 2)
        for expected in ["u", "total", "greet", "util", "print!", "map", "db", "match"] {
            XCTAssertTrue(scope.contains(expected), "\(expected) missing from \(scope.prefix(40))")
        }
        _ = try client.shutdown()
    }

    func testSignatureHelpTracksTheArgument() throws {
        let client = try project()
        let text = Self.app.replacingOccurrences(of: "util.add(1, 2)", with: "util.add(1, ")
            .replacingOccurrences(of: "print!(to_s(total))", with: "n = [1] | map(")
        client.open("app.aura", text)
        let help = try XCTUnwrap(try client.result("textDocument/signatureHelp", client.position("app.aura", 6, 22)) as? [String: Any])
        XCTAssertEqual(help[path: "signatures.0.label"] as? String, "add(a: i, b: i): i")
        XCTAssertEqual(help["activeParameter"] as? Int, 1)
        let piped = try XCTUnwrap(try client.result("textDocument/signatureHelp", client.position("app.aura", 8, 16)) as? [String: Any])
        XCTAssertTrue((piped[path: "signatures.0.label"] as? String)?.hasPrefix("map(") == true, "\(piped)")
        XCTAssertEqual(piped["activeParameter"] as? Int, 1, "the piped list is the first argument")
        _ = try client.shutdown()
    }

    func testFormattingIsAuraFmtAndLeavesBrokenFilesAlone() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]))
        let messy = "main = {\n        x = 1\n    print!(x)\n}\n"
        client.open("a.aura", messy)
        let edits = try XCTUnwrap(try client.result("textDocument/formatting", ["textDocument": ["uri": client.uri("a.aura")], "options": ["tabSize": 2, "insertSpaces": true]]) as? [[String: Any]])
        XCTAssertEqual(applying(edits, to: messy), "main = {\n    x = 1\n    print!(x)\n}\n")
        client.open("b.aura", "main = {\n  print!(\n")
        let refused = try client.request("textDocument/formatting", ["textDocument": ["uri": client.uri("b.aura")], "options": [:]])
        XCTAssertTrue((refused[path: "error.message"] as? String)?.contains("syntax errors") == true, "\(refused)")
        _ = try client.shutdown()
    }

    func testRenameAcrossModulesOnlyWhenTheProjectChecks() throws {
        let client = try project()
        client.open("app.aura", Self.app)
        let prepared = try XCTUnwrap(try client.result("textDocument/prepareRename", client.position("app.aura", 6, 16)) as? [String: Any])
        XCTAssertEqual(prepared["placeholder"] as? String, "add")
        let rename = client.position("app.aura", 6, 16).merging(["newName": "plus"]) { $1 }
        let edit = try XCTUnwrap(try client.result("textDocument/rename", rename) as? [String: Any])
        let changes = try XCTUnwrap(edit["changes"] as? [String: [[String: Any]]])
        XCTAssertEqual(changes[client.uri("app.aura")]?.count, 2)
        XCTAssertEqual(changes[client.uri("util.aura")]?.count, 1)
        XCTAssertEqual(applying(changes[client.uri("util.aura")] ?? [], to: Self.util).contains("plus(a: i, b: i): i"), true)
        // A name that collides is refused with the error it would cause.
        let collide = client.position("app.aura", 6, 5).merging(["newName": "u"]) { $1 }
        let refused = try client.request("textDocument/rename", collide)
        XCTAssertTrue((refused[path: "error.message"] as? String)?.contains("would not check") == true, "\(refused)")
        let notAName = client.position("app.aura", 6, 5).merging(["newName": "1x"]) { $1 }
        XCTAssertNotNil(try client.request("textDocument/rename", notAName)["error"])
        // With an error in the project, rename is refused and says what to fix.
        client.change("app.aura", version: 2, [["text": Self.app.replacingOccurrences(of: "to_s(total)", with: "to_s(totl)")]])
        let broken = try client.request("textDocument/rename", rename)
        XCTAssertTrue((broken[path: "error.message"] as? String)?.contains("E0201") == true, "\(broken)")
        _ = try client.shutdown()
    }
}

/// Applies LSP text edits (line/character in UTF-16) to a text, as a client would.
func applying(_ edits: [[String: Any]], to text: String) -> String {
    var lines = text.components(separatedBy: "\n").map { Array($0.utf16) }
    func offset(_ position: Any?) -> (Int, Int) {
        let position = position as? [String: Any]
        return (position?["line"] as? Int ?? 0, position?["character"] as? Int ?? 0)
    }
    let sorted = edits.sorted { a, b in
        let (la, ca) = offset((a["range"] as? [String: Any])?["start"]), (lb, cb) = offset((b["range"] as? [String: Any])?["start"])
        return (la, ca) > (lb, cb)
    }
    for edit in sorted {
        let range = edit["range"] as? [String: Any]
        let (startLine, startCharacter) = offset(range?["start"]), (endLine, endCharacter) = offset(range?["end"])
        let before = Array(lines[startLine].prefix(startCharacter))
        let after = Array(lines[min(endLine, lines.count - 1)].dropFirst(endCharacter))
        let inserted = (edit["newText"] as? String ?? "").components(separatedBy: "\n").map { Array($0.utf16) }
        var replacement = inserted
        replacement[0] = before + replacement[0]
        replacement[replacement.count - 1] += after
        lines.replaceSubrange(startLine...min(endLine, lines.count - 1), with: replacement)
    }
    return lines.map { String(decoding: $0, as: UTF16.self) }.joined(separator: "\n")
}
