@testable import AuraVM
import AuraTestSupport
import Foundation
import XCTest

/// `+http` builtins against the loopback server, and the sandbox's network denial.
final class HTTPLibraryTests: XCTestCase {
    let server = LoopbackServer.shared
    let http = CapabilityHarness()

    /// The fields of a `Response` record.
    private func fields(_ value: Value, file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int64, body: String, headers: MapValue) {
        guard case let .record(record) = value, record.layout.name == "Response", record.layout.fieldNames == ["status", "body", "headers"],
              case let .int(status) = record.fields[0], case let .string(body) = record.fields[1], case let .map(headers) = record.fields[2] else {
            XCTFail("not a Response: \(value.display)", file: file, line: line)
            throw RuntimeError(.httpError, "not a Response")
        }
        return (status, body, headers)
    }

    private func echo(_ body: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    func testGetReturnsAResponseRecord() throws {
        let response = try fields(try http.call("http.get!", .string(server.url("/echo"))))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try echo(response.body)["method"] as? String, "GET")
        XCTAssertEqual(response.headers[.string("x-echo")], .string("yes"))
        XCTAssertEqual(response.headers[.string("content-type")], .string("application/json"))
        XCTAssertTrue(response.headers.keys.allSatisfy { $0.display == $0.display.lowercased() }, "header names are lower-cased")
    }

    func testPostSendsTheBody() throws {
        let response = try fields(try http.call("http.post!", .string(server.url("/echo")), .string(#"{"n": 1}"#)))
        let sent = try echo(response.body)
        XCTAssertEqual(sent["method"] as? String, "POST")
        XCTAssertEqual(sent["body"] as? String, #"{"n": 1}"#)
    }

    func testRequestSendsMethodAndHeaders() throws {
        let headers = Value.map(MapValue([(.string("X-Token"), .string("t1")), (.string("Content-Type"), .string("text/plain"))]))
        let response = try fields(try http.call("http.request!", .string("patch"), .string(server.url("/echo")), .string("body"), headers))
        let sent = try echo(response.body)
        XCTAssertEqual(sent["method"] as? String, "PATCH")
        XCTAssertEqual(sent["body"] as? String, "body")
        XCTAssertEqual((sent["headers"] as? [String: String])?["x-token"], "t1")
        XCTAssertEqual((sent["headers"] as? [String: String])?["content-type"], "text/plain")
    }

    func testNotFoundIsAResponseNotAnError() throws {
        let response = try fields(try http.call("http.get!", .string(server.url("/status/404"))))
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.body, "status 404")
    }

    func testRedirectsAreFollowedAndRepeatedHeadersJoined() throws {
        XCTAssertEqual(try fields(try http.call("http.get!", .string(server.url("/redirect")))).status, 200)
        let cookies = try fields(try http.call("http.get!", .string(server.url("/cookies"))))
        XCTAssertEqual(cookies.headers[.string("set-cookie")], .string("a=1, b=2"))
    }

    func testNetworkFailureIsR0014NamingTheURLAndCause() throws {
        let url = "http://127.0.0.1:\(LoopbackServer.closedPort())/x"
        let error = http.error { try http.call("http.get!", .string(url)) }
        XCTAssertEqual(error?.code, .httpError)
        XCTAssertEqual(error?.message.hasPrefix("http.get! GET \(url): connection refused: "), true, error?.message ?? "")
        let scheme = http.error { try http.call("http.get!", .string("file:///etc/passwd")) }
        XCTAssertEqual(scheme?.code, .httpError)
    }

    func testSandboxDeniesTheNetworkUnlessAllowed() throws {
        let denied = CapabilityHarness(sandbox: .confined(scratchDirectory: NSTemporaryDirectory()))
        let calls: [(String, [Value])] = [
            ("http.get!", [.string(server.url("/echo"))]),
            ("http.post!", [.string(server.url("/echo")), .string("x")]),
            ("http.request!", [.string("GET"), .string(server.url("/echo")), .string(""), .map(MapValue())]),
        ]
        for (name, arguments) in calls {
            let error = denied.error {
                var values = Arguments(arguments)
                return try XCTUnwrap(HTTPLibrary.builtins[name])(&values, BuiltinContext(caller: denied.caller, effects: denied.effects))
            }
            XCTAssertEqual(error?.code, .sandboxDenied)
            XCTAssertEqual(error?.message, "\(name): network access is denied during verification; set aura.verify.allowNetwork to allow it")
        }
        let allowed = CapabilityHarness(sandbox: .confined(scratchDirectory: NSTemporaryDirectory(), allowNetwork: true))
        XCTAssertEqual(try fields(try allowed.call("http.get!", .string(server.url("/echo")))).status, 200)
    }
}
