import AuraTestSupport
import CCurl
import Foundation
@testable import AuraHTTP
import XCTest

/// Typed failures: each kind carries libcurl's message and the URL.
final class HTTPFailureTests: XCTestCase {
    let server = LoopbackServer.shared
    let client = HTTPClient()

    private func failure(_ request: HTTPRequest, file: StaticString = #filePath, line: UInt = #line) -> HTTPError? {
        do {
            let response = try client.send(request)
            XCTFail("expected a failure, got status \(response.status)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testConnectionRefused() throws {
        let url = "http://127.0.0.1:\(LoopbackServer.closedPort())/"
        let error = try XCTUnwrap(failure(HTTPRequest(url: url)))
        XCTAssertEqual(error.kind, .connectionRefused)
        XCTAssertEqual(error.url, url)
        XCTAssertTrue(error.message.contains("127.0.0.1"), error.message)
        XCTAssertTrue(error.description.hasPrefix(url + ": connection refused: "), error.description)
    }

    func testTotalTimeout() throws {
        let started = Date()
        let error = try XCTUnwrap(failure(HTTPRequest(url: server.url("/sleep/3"), timeouts: HTTPTimeouts(total: 0.4))))
        XCTAssertEqual(error.kind, .timeout)
        XCTAssertTrue(error.message.lowercased().contains("timed out") || error.message.lowercased().contains("timeout"), error.message)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5)
    }

    func testIdleTimeoutStopsAStalledStream() throws {
        let request = HTTPRequest(url: server.url("/stream?chunks=3&delay=4000"), timeouts: HTTPTimeouts(idle: 1))
        var chunks = 0
        XCTAssertThrowsError(try client.stream(request) { _ in chunks += 1; return true }) { error in
            XCTAssertEqual((error as? HTTPError)?.kind, .timeout)
        }
        XCTAssertEqual(chunks, 1, "the first frame arrived before the stall")
    }

    func testLibcurlCodesMapToKinds() {
        // DNS and most TLS failures cannot be produced on loopback without real DNS or
        // certificates (and no test may reach the network), so the mapping is checked directly.
        XCTAssertEqual(HTTPError.kind(of: CURLE_COULDNT_RESOLVE_HOST), .dns)
        XCTAssertEqual(HTTPError.kind(of: CURLE_COULDNT_RESOLVE_PROXY), .dns)
        XCTAssertEqual(HTTPError.kind(of: CURLE_PEER_FAILED_VERIFICATION), .tls)
        XCTAssertEqual(HTTPError.kind(of: CURLE_SSL_CACERT_BADFILE), .tls)
        XCTAssertEqual(HTTPError.kind(of: CURLE_COULDNT_CONNECT), .connectionRefused)
        XCTAssertEqual(HTTPError.kind(of: CURLE_OPERATION_TIMEDOUT), .timeout)
        XCTAssertEqual(HTTPError.kind(of: CURLE_FILESIZE_EXCEEDED), .tooLarge)
        XCTAssertEqual(HTTPError.kind(of: CURLE_UNSUPPORTED_PROTOCOL), .invalidRequest)
        XCTAssertEqual(HTTPError.kind(of: CURLE_RECV_ERROR), .transfer)
        XCTAssertEqual(HTTPError(.dns, "Could not resolve host: x", url: "http://x/").description,
                       "http://x/: could not resolve host: Could not resolve host: x")
    }

    func testTLSFailureAgainstAPlainHTTPServer() throws {
        let error = try XCTUnwrap(failure(HTTPRequest(url: "https://127.0.0.1:\(server.port)/echo")))
        XCTAssertEqual(error.kind, .tls, error.message)
    }

    func testDeclaredBodyOverTheLimitIsTooLarge() throws {
        let error = try XCTUnwrap(failure(HTTPRequest(url: server.url("/bytes/5000"), maxBodySize: 4096)))
        XCTAssertEqual(error.kind, .tooLarge)
        XCTAssertTrue(error.message.contains("4096"), error.message)
    }

    func testChunkedBodyOverTheLimitIsTooLarge() throws {
        let error = try XCTUnwrap(failure(HTTPRequest(url: server.url("/chunked-bytes/50000"), maxBodySize: 10_000)))
        XCTAssertEqual(error.kind, .tooLarge)
        XCTAssertEqual(try client.send(HTTPRequest(url: server.url("/chunked-bytes/10000"), maxBodySize: 10_000)).body.count, 10_000)
    }

    func testUnsupportedSchemesAndMalformedRequestsAreRefused() throws {
        XCTAssertEqual(failure(HTTPRequest(url: "file:///etc/passwd"))?.kind, .invalidRequest)
        XCTAssertEqual(failure(HTTPRequest(url: "not a url"))?.kind, .invalidRequest)
        XCTAssertEqual(failure(HTTPRequest(method: "GET /x HTTP/1.1\r\nHost: y", url: server.url("/echo")))?.kind, .invalidRequest)
        let injected = HTTPRequest(url: server.url("/echo"), headers: [HTTPHeader("X-A", "1\r\nX-Injected: yes")])
        XCTAssertEqual(failure(injected)?.kind, .invalidRequest)
    }
}
