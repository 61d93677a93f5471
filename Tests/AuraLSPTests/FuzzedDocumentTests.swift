import AuraTestSupport
import Foundation
import XCTest

/// The server never crashes on a bad document: every `.aura` file of the repository, and mutants
/// of it (truncated, a byte flipped, a line duplicated), through every position-taking request.
final class FuzzedDocumentTests: XCTestCase {
    static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path), url.path != "/" { url.deleteLastPathComponent() }
        return url.path
    }

    static func corpus() throws -> [String] {
        let root = repositoryRoot
        let enumerator = FileManager.default.enumerator(atPath: root + "/Fixtures")
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".aura") { files.append(root + "/Fixtures/" + path) }
        }
        return files.sorted()
    }

    /// Deterministic mutants of a text (a fixed seed: a failure reproduces).
    static func mutants(_ text: String, seed: Int) -> [String] {
        let bytes = Array(text.utf8)
        guard bytes.count > 2 else { return [text] }
        var generator = SeededGenerator(seed: UInt64(seed))
        let cut = Int(generator.next() % UInt64(bytes.count))
        var flipped = bytes
        flipped[Int(generator.next() % UInt64(bytes.count))] = [0x28, 0x7B, 0x22, 0x7D, 0x21, 0x2E, 0x5F, 0x0A][Int(generator.next() % 8)]
        let lines = text.components(separatedBy: "\n")
        let duplicated = lines.enumerated().flatMap { index, line in index == lines.count / 2 ? [line, line] : [line] }.joined(separator: "\n")
        return [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: flipped, as: UTF8.self), duplicated]
    }

    func testEveryFixtureAndItsMutantsThroughEveryRequest() throws {
        let files = try Self.corpus()
        XCTAssertGreaterThan(files.count, 100, "the fixture corpus")
        let client = try LSPTestClient(root: try temporaryProject([:]))
        var version = 1
        var requests = 0
        for (index, file) in files.enumerated() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let name = "f\(index).aura"
            client.open(name, text, version: version)
            for mutant in [text] + Self.mutants(text, seed: index) {
                version += 1
                client.change(name, version: version, [["text": mutant]])
                let lines = mutant.components(separatedBy: "\n")
                for probe in 0..<3 {
                    let line = lines.isEmpty ? 0 : (probe * 7 + index) % lines.count
                    let character = lines.isEmpty ? 0 : (probe * 5) % max(1, lines[line].utf16.count + 1)
                    let position = client.position(name, line, character)
                    for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/signatureHelp",
                                   "textDocument/prepareRename"] {
                        let answer = try client.request(method, position)
                        XCTAssertTrue(answer["result"] != nil || (answer["error"] as? [String: Any])?["code"] as? Int == -32803,
                                      "\(method) on a mutant of \(file): \(answer)")
                        requests += 1
                    }
                    _ = try client.request("textDocument/references", position.merging(["context": ["includeDeclaration": true]]) { $1 })
                }
                _ = try client.request("textDocument/documentSymbol", ["textDocument": ["uri": client.uri(name)]])
                _ = try client.request("textDocument/formatting", ["textDocument": ["uri": client.uri(name)], "options": [:]])
                // The source action re-checks in rounds; the healer's verification runs tests and is
                // covered by CodeActionTests.
                _ = try client.request("textDocument/codeAction", ["textDocument": ["uri": client.uri(name)],
                                                                   "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]],
                                                                   "context": ["diagnostics": [], "only": ["source.fixAll"]]])
                requests += 3
            }
            client.notify("textDocument/didClose", ["textDocument": ["uri": client.uri(name)]])
            XCTAssertTrue(client.isRunning, "the server died on \(file)")
        }
        print("lsp fuzz: \(files.count) files, \(requests) requests, server alive")
        XCTAssertEqual(try client.shutdown(), 0)
    }
}
