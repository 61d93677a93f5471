import AuraHeal
import AuraProviders
import AuraTestSupport
import XCTest

/// The OpenAI-compatible provider over server-sent events (`aura.openai.stream`): framing
/// variations, tool-call arguments, and the stream failures that end the answer without a retry
/// (the handling Claude's stream has).
final class OpenAIStreamingTests: XCTestCase {
    let mock = MockModelServer.shared

    func propose(_ steps: [[String: Any]]) async throws -> (HealCandidate, Int) {
        mock.script(steps)
        var settings = OpenAIProvider.Settings()
        settings.baseURL = mock.baseURL
        settings.stream = true
        let provider = try OpenAIProvider(settings: settings, environment: [:], sleep: SleepRecorder().sleep)
        let candidate = try onlyCandidate(try await provider.propose(healRequest(["src/calc.aura": calcSource])))
        return (candidate, mock.requests().count)
    }

    func testStreamedContentWithUsageAndRequestShape() async throws {
        let (candidate, requests) = try await propose([["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 1)
        XCTAssertEqual(candidate.edits, [FileEdit(path: "src/calc.aura", start: 19, end: 24, replacement: "a + b")])
        XCTAssertEqual(candidate.usage, TokenUsage(input: 700, output: 90), "the usage chunk of stream_options.include_usage")
        XCTAssertEqual(candidate.requests, 1)
        let request = try XCTUnwrap(mock.requests().first)
        XCTAssertEqual((request["headers"] as? [String: String])?["accept"], "text/event-stream")
        let body = try XCTUnwrap(request["body"] as? [String: Any])
        XCTAssertEqual(body["stream"] as? Bool, true)
        XCTAssertEqual((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool, true)
    }

    func testFramingVariationsAndToolCallArguments() async throws {
        for step: [String: Any] in [["fix": calcFix, "line_ending": "\r\n", "ping": true, "chunk": 1],
                                    ["fix": calcFix, "line_ending": "\r", "chunk": 7],
                                    ["fix": calcFix, "via": "tool_calls", "chunk": 3]] {
            let (candidate, _) = try await propose([step])
            XCTAssertNil(candidate.rejection, "\(step)")
            XCTAssertEqual(candidate.edits.first?.replacement, "a + b", "\(step)")
        }
    }

    func testStreamFaultsAreRejectedWithoutRetry() async throws {
        let cases: [([String: Any], String)] = [
            (["fault": "truncate", "fix": calcFix], "openai: the stream ended without a finish_reason or [DONE] (truncated)"),
            (["fault": "stream_error", "fix": calcFix], "openai: the stream failed: server_error: Overloaded"),
            (["fault": "malformed", "fix": calcFix], "openai: a streamed chunk holds malformed JSON"),
            (["fix": calcFix, "stop_reason": "length"], "openai: the answer was cut off (stop reason `length`)"),
        ]
        for (step, expected) in cases {
            // A second scripted answer would heal: a retry would be visible as a second request.
            let (candidate, requests) = try await propose([step, ["fix": calcFix]])
            XCTAssertTrue(candidate.rejection?.hasPrefix(expected) == true, "\(candidate.rejection ?? "nil") for \(step)")
            XCTAssertEqual(requests, 1, "a broken stream is not paid for twice: \(step)")
        }
    }

    func testErrorStatusBeforeTheStreamIsRetried() async throws {
        let (candidate, requests) = try await propose([["status": 503, "message": "Loading model"], ["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 2)
    }

    func testStreamKeyIsValidatedAndRead() throws {
        let on = try ProviderSelection.openAISettings(ProviderConfig(["aura.openai.stream": .init("yes", origin: "local")]))
        XCTAssertTrue(on.stream)
        XCTAssertFalse(try ProviderSelection.openAISettings(ProviderConfig([:])).stream)
        XCTAssertThrowsError(try ProviderSelection.openAISettings(ProviderConfig(["aura.openai.stream": .init("sometimes", origin: "local")]))) {
            XCTAssertEqual("\($0)", "invalid value `sometimes` for aura.openai.stream (set in local config); allowed: true or false")
        }
    }
}
