import AuraTestSupport
import AuraHTTP
import Foundation
import XCTest

/// The streaming variant: chunks arrive as the server flushes them; either callback can stop it.
final class HTTPStreamingTests: XCTestCase {
    let server = LoopbackServer.shared
    let client = HTTPClient()

    func testChunksArriveInOrderAfterTheHead() throws {
        var events: [String] = []
        var body: [UInt8] = []
        let head = try client.stream(HTTPRequest(url: server.url("/stream?chunks=4&delay=100")), onHead: { head in
            events.append("head \(head.status) \(head.value(for: "content-type") ?? "")")
            return true
        }, onChunk: { chunk in
            events.append("chunk")
            body += chunk
            return true
        })
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(events.first, "head 200 text/event-stream")
        // The server sleeps between frames, so they cannot all arrive in one callback (on a
        // loaded machine two may still be read together, hence not exactly 4).
        XCTAssertTrue(events.dropFirst().allSatisfy { $0 == "chunk" })
        XCTAssertGreaterThanOrEqual(events.dropFirst().count, 2)
        XCTAssertEqual(String(decoding: body, as: UTF8.self), "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n")
    }

    func testReturningFalseFromTheChunkCallbackCancels() throws {
        var chunks = 0
        let started = Date()
        XCTAssertThrowsError(try client.stream(HTTPRequest(url: server.url("/stream?chunks=50&delay=100"))) { _ in
            chunks += 1
            return chunks < 2
        }) { error in
            XCTAssertEqual((error as? HTTPError)?.kind, .cancelled)
        }
        XCTAssertEqual(chunks, 2)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3, "the transfer stopped long before the stream's end")
    }

    func testTheHeadCallbackCanRejectAResponseBeforeItsBody() throws {
        var chunks = 0
        XCTAssertThrowsError(try client.stream(HTTPRequest(url: server.url("/status/500")), onHead: { $0.status == 200 }) { _ in
            chunks += 1
            return true
        }) { error in
            XCTAssertEqual((error as? HTTPError)?.kind, .cancelled)
        }
        XCTAssertEqual(chunks, 0)
    }

    func testHeadIsDeliveredForAnEmptyBody() throws {
        var status: Int?
        let head = try client.stream(HTTPRequest(method: "HEAD", url: server.url("/bytes/3")), onHead: { status = $0.status; return true }) { _ in
            XCTFail("no body expected")
            return true
        }
        XCTAssertEqual(status, 200)
        XCTAssertEqual(head.status, 200)
    }

    func testStreamedBytesCountAgainstTheLimit() throws {
        let request = HTTPRequest(url: server.url("/stream?chunks=10&delay=0"), maxBodySize: 25)
        XCTAssertThrowsError(try client.stream(request) { _ in true }) { error in
            XCTAssertEqual((error as? HTTPError)?.kind, .tooLarge)
        }
    }

    func testCancellingTheTaskAbortsAWaitingRequest() async throws {
        let client = self.client, url = server.url("/sleep/5")
        let task = Task.detached { () -> HTTPError.Kind? in
            do {
                _ = try client.send(HTTPRequest(url: url))
                return nil
            } catch {
                return (error as? HTTPError)?.kind
            }
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        let started = Date()
        task.cancel()
        let kind = await task.value
        XCTAssertEqual(kind, .cancelled)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }
}
