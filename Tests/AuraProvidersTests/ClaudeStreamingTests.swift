import AuraHeal
import AuraProviders
import AuraTestSupport
import XCTest

/// Claude over server-sent events from the mock: framing variations, progress, and the stream
/// failures that must abort without a retry.
final class ClaudeStreamingTests: XCTestCase {
    let mock = MockModelServer.shared

    func propose(_ steps: [[String: Any]]) async throws -> (HealCandidate, [String], Int) {
        mock.script(steps, expectKey: testKey)
        let messages = Messages()
        let provider = try claudeProvider(stream: true, progress: { messages.append($0) })
        let candidate = try onlyCandidate(try await provider.propose(healRequest(["src/calc.aura": calcSource])))
        return (candidate, messages.all, mock.requests().count)
    }

    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func append(_ text: String) { lock.lock(); items.append(text); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    func testStreamedAnswerWithProgress() async throws {
        let (candidate, progress, requests) = try await propose([["fix": calcFix, "usage": ["input_tokens": 900, "output_tokens": 77]]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 1)
        XCTAssertEqual(candidate.edits, [FileEdit(path: "src/calc.aura", start: 19, end: 24, replacement: "a + b")])
        XCTAssertEqual(candidate.usage, TokenUsage(input: 900, output: 77))
        XCTAssertTrue(progress.contains { $0.hasSuffix("tokens received") }, "\(progress)")
        XCTAssertTrue(progress.contains("claude: T0001 src/calc.aura: 77 tokens received"), "\(progress)")
        let body = try XCTUnwrap(mock.requests().first?["body"] as? [String: Any])
        XCTAssertEqual(body["stream"] as? Bool, true)
    }

    func testCRLFAndCRFramingPingsCommentsUnknownEventsAndOneByteChunks() async throws {
        for step: [String: Any] in [["fix": calcFix, "line_ending": "\r\n", "ping": true, "chunk": 1],
                                    ["fix": calcFix, "line_ending": "\r", "ping": true, "chunk": 5],
                                    ["fix": calcFix, "text": "I will fix the operator.", "chunk": 64]] {
            let (candidate, _, _) = try await propose([step])
            XCTAssertNil(candidate.rejection, "\(step)")
            XCTAssertEqual(candidate.edits.first?.replacement, "a + b")
        }
    }

    func testTruncatedStreamFailsWithoutRetry() async throws {
        let (candidate, _, requests) = try await propose([["fault": "truncate", "fix": calcFix], ["fix": calcFix]])
        XCTAssertEqual(requests, 1)
        XCTAssertEqual(candidate.rejection, "claude: the stream ended without message_stop (truncated)")
        XCTAssertEqual(candidate.edits, [])
    }

    func testMidStreamErrorEventFailsWithoutRetry() async throws {
        let (candidate, _, requests) = try await propose([["fault": "stream_error", "fix": calcFix], ["fix": calcFix]])
        XCTAssertEqual(requests, 1)
        XCTAssertEqual(candidate.rejection, "claude: the stream failed: overloaded_error: Overloaded")
    }

    func testMalformedEventData() async throws {
        let (candidate, _, _) = try await propose([["fault": "malformed", "fix": calcFix]])
        XCTAssertTrue(candidate.rejection?.contains("holds malformed JSON") == true, candidate.rejection ?? "")
    }

    func testErrorStatusBeforeTheStreamIsRetried() async throws {
        let (candidate, _, requests) = try await propose([["status": 529, "message": "Overloaded"], ["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 2)
    }
}
