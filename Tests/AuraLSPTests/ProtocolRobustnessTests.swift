import Foundation
import XCTest

/// The JSON-RPC edge cases LSP 3.17 specifies, and a server that never dies on bad input.
final class ProtocolRobustnessTests: XCTestCase {
    func testMalformedMessagesGetParseErrorsAndTheServerGoesOn() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]))
        client.sendRaw(Data("Content-Length: 9\r\n\r\n{not json".utf8))
        let parseError = try client.waitFor("parse error") { ($0["error"] as? [String: Any])?["code"] as? Int == -32700 }
        XCTAssertTrue(parseError["id"] is NSNull)
        client.sendRaw(Data("X-Nothing: 1\r\n\r\n".utf8))
        _ = try client.waitFor("missing length") { (($0["error"] as? [String: Any])?["message"] as? String)?.contains("Content-Length") == true }
        client.send(["jsonrpc": "2.0", "id": ["not": "an id"], "method": "textDocument/hover"])
        _ = try client.waitFor("invalid request") { ($0["error"] as? [String: Any])?["code"] as? Int == -32600 }
        // Still serving.
        XCTAssertNotNil(try client.result("workspace/symbol", ["query": ""]))
        XCTAssertEqual(try client.shutdown(), 0)
    }

    func testUnknownMethodsAndLifecycle() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]), initialize: false)
        let early = try client.request("textDocument/hover", [:])
        XCTAssertEqual(early[path: "error.code"] as? Int, -32002, "requests before initialize")
        _ = try client.result("initialize", ["capabilities": [:]])
        XCTAssertEqual(try client.request("initialize", ["capabilities": [:]])[path: "error.code"] as? Int, -32600)
        XCTAssertEqual(try client.request("textDocument/unknownThing", [:])[path: "error.code"] as? Int, -32601)
        client.notify("$/unknownNotification", [:])
        client.notify("workspace/didChangeConfiguration", ["settings": [:]])
        _ = try client.request("shutdown", NSNull())
        XCTAssertEqual(try client.request("textDocument/hover", [:])[path: "error.code"] as? Int, -32600, "requests after shutdown")
        client.notify("exit", NSNull())
        XCTAssertEqual(client.waitForExit(), 0)
    }

    func testExitWithoutShutdownIsStatusOne() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]))
        client.notify("exit", NSNull())
        XCTAssertEqual(client.waitForExit(), 1)
    }

    func testClosedAndMissingDocuments() throws {
        let root = try temporaryProject(["util.aura": "add(a: i, b: i): i = a + b\n"])
        let client = try LSPTestClient(root: root)
        // Never opened: answered from the file on disk.
        let hover = try XCTUnwrap(try client.result("textDocument/hover", client.position("util.aura", 0, 1)) as? [String: Any])
        XCTAssertTrue((hover[path: "contents.value"] as? String)?.contains("add(a: i, b: i): i") == true)
        client.open("util.aura", "add(a: i, b: i): i = a + b\nextra = 1\n")
        client.notify("textDocument/didClose", ["textDocument": ["uri": client.uri("util.aura")]])
        let symbols = try XCTUnwrap(try client.result("textDocument/documentSymbol", ["textDocument": ["uri": client.uri("util.aura")]]) as? [[String: Any]])
        XCTAssertEqual(symbols.compactMap { $0["name"] as? String }, ["add"], "after close the disk is the truth again")
        let missing = try client.request("textDocument/hover", client.position("nowhere.aura", 0, 0))
        XCTAssertEqual(missing[path: "error.code"] as? Int, -32803)
        XCTAssertTrue((missing[path: "error.message"] as? String)?.contains("not open") == true)
        // A change for a document that was never opened is reported, not fatal.
        client.change("ghost.aura", version: 2, [["text": "x = 1"]])
        _ = try client.waitFor("log message") { $0["method"] as? String == "window/logMessage" }
        XCTAssertEqual(try client.shutdown(), 0)
    }

    func testACancelledRequestIsAnsweredAsCancelled() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]))
        // The cancellation reaches the server before the request it names: the request is never run.
        client.notify("$/cancelRequest", ["id": 4242])
        client.send(["jsonrpc": "2.0", "id": 4242, "method": "workspace/symbol", "params": ["query": ""]])
        let answer = try client.waitFor("cancelled") { $0["id"] as? Int == 4242 }
        XCTAssertEqual(answer[path: "error.code"] as? Int, -32800)
        XCTAssertEqual(try client.shutdown(), 0)
    }

    func testTheClientClosingTheStreamEndsTheServer() throws {
        let client = try LSPTestClient(root: try temporaryProject([:]))
        try client.closeInput()
        XCTAssertEqual(client.waitForExit(), 1)
    }
}
