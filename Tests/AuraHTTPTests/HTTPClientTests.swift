import AuraTestSupport
import AuraHTTP
import Foundation
import XCTest

/// Requests against the loopback server: methods, headers, bodies, statuses, redirects.
final class HTTPClientTests: XCTestCase {
    let server = LoopbackServer.shared
    let client = HTTPClient()

    private func json(_ response: HTTPResponse) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    func testGetReturnsStatusHeadersAndBody() throws {
        let response = try client.send(HTTPRequest(url: server.url("/echo")))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.value(for: "x-echo"), "yes")
        XCTAssertEqual(response.value(for: "CONTENT-TYPE"), "application/json")
        let echo = try json(response)
        XCTAssertEqual(echo["method"] as? String, "GET")
        XCTAssertEqual(echo["body"] as? String, "")
        let sent = try XCTUnwrap(echo["headers"] as? [String: String])
        XCTAssertEqual(sent["user-agent"], "aura/0.1 libcurl")
    }

    func testPostSendsBodyAndCustomHeaders() throws {
        let request = HTTPRequest(method: "post", url: server.url("/echo"),
                                  headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Api-Key", "k1")],
                                  text: #"{"a":"é"}"#)
        let echo = try json(try client.send(request))
        XCTAssertEqual(echo["method"] as? String, "POST")
        XCTAssertEqual(echo["body"] as? String, #"{"a":"é"}"#)
        let sent = try XCTUnwrap(echo["headers"] as? [String: String])
        XCTAssertEqual(sent["content-type"], "application/json")
        XCTAssertEqual(sent["x-api-key"], "k1")
    }

    func testLargeBinaryBodyIsSentExactly() throws {
        // Larger than libcurl's Expect: 100-continue threshold, with a NUL byte inside.
        var body = Array(repeating: UInt8(ascii: "x"), count: 200_000)
        body[10] = 0
        let request = HTTPRequest(method: "PUT", url: server.url("/echo"), body: body)
        let echo = try json(try client.send(request))
        XCTAssertEqual(echo["method"] as? String, "PUT")
        XCTAssertEqual((echo["body"] as? String)?.utf8.count, 200_000)
        XCTAssertNil((echo["headers"] as? [String: String])?["expect"], "Expect: 100-continue is suppressed")
    }

    func testOtherMethodsAndEmptyBodies() throws {
        XCTAssertEqual(try json(try client.send(HTTPRequest(method: "DELETE", url: server.url("/echo"))))["method"] as? String, "DELETE")
        let post = try json(try client.send(HTTPRequest(method: "POST", url: server.url("/echo"))))
        XCTAssertEqual((post["headers"] as? [String: String])?["content-length"], "0")
        let head = try client.send(HTTPRequest(method: "HEAD", url: server.url("/bytes/10")))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body, [])
        XCTAssertEqual(head.value(for: "content-length"), "10")
    }

    func testNonSuccessStatusIsAResponseNotAnError() throws {
        let notFound = try client.send(HTTPRequest(url: server.url("/status/404")))
        XCTAssertEqual(notFound.status, 404)
        XCTAssertEqual(notFound.text, "status 404")
        XCTAssertEqual(try client.send(HTTPRequest(url: server.url("/status/529"))).status, 529)
    }

    func testRedirectsAreFollowedOnlyWhenAsked() throws {
        let raw = try client.send(HTTPRequest(url: server.url("/redirect")))
        XCTAssertEqual(raw.status, 302)
        XCTAssertEqual(raw.value(for: "location"), "/echo")
        let followed = try client.send(HTTPRequest(url: server.url("/redirect"), followRedirects: true))
        XCTAssertEqual(followed.status, 200)
        XCTAssertEqual(followed.value(for: "x-echo"), "yes")
        XCTAssertNil(followed.value(for: "location"), "only the final response's headers remain")
    }

    func testRepeatedHeadersKeepTheirOrder() throws {
        let response = try client.send(HTTPRequest(url: server.url("/cookies")))
        XCTAssertEqual(response.headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value), ["a=1", "b=2"])
    }

    func testConcurrentRequestsAreIndependent() throws {
        let client = self.client, url = server.url("/bytes/1000")
        let sizes = UnsafeMutableBufferPointer<Int>.allocate(capacity: 8)
        defer { sizes.deallocate() }
        sizes.initialize(repeating: -1)
        let pointer = UnsafeSendable(sizes)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            pointer.value[index] = (try? client.send(HTTPRequest(url: url)).body.count) ?? 0
        }
        XCTAssertEqual(Array(sizes), Array(repeating: 1000, count: 8))
    }
}

/// Each iteration writes its own slot, so sharing the buffer across threads is safe.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
