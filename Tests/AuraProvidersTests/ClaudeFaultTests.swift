import AuraHeal
import AuraProviders
import AuraTestSupport
import XCTest

/// Every fault the mock can inject, against the Claude provider (non-streaming): the number of
/// requests made (retry or abort), the waits, and the candidate or its rejection reason.
final class ClaudeFaultTests: XCTestCase {
    let mock = MockModelServer.shared

    func propose(_ steps: [[String: Any]], timeout: Double = 10) async throws -> (HealCandidate, SleepRecorder, Int) {
        mock.script(steps, expectKey: testKey)
        let recorder = SleepRecorder()
        let provider = try claudeProvider(timeout: timeout, recorder: recorder)
        let candidate = try onlyCandidate(try await provider.propose(healRequest(["src/calc.aura": calcSource])))
        return (candidate, recorder, mock.requests().count)
    }

    func testSuccessBecomesAByteOffsetEditWithUsage() async throws {
        let (candidate, recorder, requests) = try await propose([["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 1)
        XCTAssertEqual(recorder.waits, [])
        XCTAssertEqual(candidate.edits, [FileEdit(path: "src/calc.aura", start: 19, end: 24, replacement: "a + b")])
        XCTAssertEqual(candidate.usage, TokenUsage(input: 812, output: 140))
        XCTAssertEqual(candidate.provider, "claude")
        XCTAssertEqual(candidate.rule, "claude/patch")
        XCTAssertEqual(candidate.risk, .medium)
        XCTAssertEqual(candidate.diagnostic.code.rawValue, "T0001")
    }

    func testRequestFollowsTheWireSpec() async throws {
        _ = try await propose([["fix": calcFix]])
        let request = try XCTUnwrap(mock.requests().first)
        let headers = try XCTUnwrap(request["headers"] as? [String: String])
        XCTAssertEqual(headers["anthropic-version"], "2023-06-01")
        XCTAssertEqual(headers["content-type"], "application/json")
        let body = try XCTUnwrap(request["body"] as? [String: Any])
        XCTAssertEqual(body["model"] as? String, "claude-sonnet-4-5")
        XCTAssertEqual(body["max_tokens"] as? Int, 2048)
        XCTAssertNil(body["temperature"], "temperature is sent only when configured")
        XCTAssertNil(body["stream"])
        XCTAssertEqual((body["tool_choice"] as? [String: String]) ?? [:], ["type": "tool", "name": "propose_fix"])
        let tool = try XCTUnwrap((body["tools"] as? [[String: Any]])?.first)
        let schema = try XCTUnwrap(tool["input_schema"] as? [String: Any])
        XCTAssertEqual(schema["additionalProperties"] as? Bool, false)
        XCTAssertEqual(Set(schema["required"] as? [String] ?? []), ["action", "edits", "explanation", "confidence"])
        XCTAssertTrue((body["system"] as? String ?? "").contains("propose_fix"))
        let user = try XCTUnwrap(((body["messages"] as? [[String: Any]])?.first?["content"]) as? String)
        XCTAssertTrue(user.contains("Problem T0001 (error) in src/calc.aura at src/calc.aura:"), user)
        XCTAssertTrue(user.contains("    1| add(a:i, b:i): i = a - b"), user)
        XCTAssertTrue(user.contains("Editable files: src/calc.aura"), user)
    }

    func test429HonoursRetryAfterThenSucceeds() async throws {
        let (candidate, recorder, requests) = try await propose([
            ["status": 429, "headers": ["retry-after": "2"], "message": "Number of requests has exceeded your rate limit"],
            ["fix": calcFix],
        ])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 2)
        XCTAssertEqual(recorder.waits, [2])
    }

    func test529OverloadedIsRetriedTwiceThenGivesUp() async throws {
        let overloaded: [String: Any] = ["status": 529, "message": "Overloaded"]
        let (candidate, recorder, requests) = try await propose([overloaded, overloaded, overloaded, ["fix": calcFix]])
        XCTAssertEqual(requests, 3)
        XCTAssertEqual(recorder.waits.count, 2)
        XCTAssertTrue((0.375...0.5).contains(recorder.waits[0]) && (0.75...1.0).contains(recorder.waits[1]), "\(recorder.waits)")
        XCTAssertEqual(candidate.rejection, "claude: HTTP 529 overloaded_error: Overloaded (after 3 attempts)")
        XCTAssertEqual(candidate.edits, [])
    }

    func test500ThenSuccess() async throws {
        let (candidate, _, requests) = try await propose([["status": 500, "message": "Internal server error"], ["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 2)
    }

    func testShouldRetryFalseOverridesA5xx() async throws {
        let (candidate, _, requests) = try await propose([["status": 500, "headers": ["x-should-retry": "false"]], ["fix": calcFix]])
        XCTAssertEqual(requests, 1)
        XCTAssertTrue(candidate.rejection?.contains("HTTP 500 api_error") == true, candidate.rejection ?? "")
    }

    func testClientErrorsAreNeverRetried() async throws {
        for (status, type) in [(400, "invalid_request_error"), (403, "permission_error"), (404, "not_found_error")] {
            let (candidate, recorder, requests) = try await propose([["status": status, "message": "no"], ["fix": calcFix]])
            XCTAssertEqual(requests, 1, "\(status)")
            XCTAssertEqual(recorder.waits, [])
            XCTAssertEqual(candidate.rejection, "claude: HTTP \(status) \(type): no")
        }
        let (tooLarge, _, requests) = try await propose([["status": 413, "raw_body": "<html>Request Entity Too Large</html>"]])
        XCTAssertEqual(requests, 1)
        XCTAssertEqual(tooLarge.rejection, "claude: HTTP 413 request_too_large: <html>Request Entity Too Large</html>")
    }

    func testWrongKeyIs401AndNotRetried() async throws {
        mock.script([["fix": calcFix]], expectKey: "sk-ant-another-key-entirely")
        let provider = try claudeProvider(recorder: SleepRecorder())
        let candidate = try onlyCandidate(try await provider.propose(healRequest(["src/calc.aura": calcSource])))
        XCTAssertEqual(mock.requests().count, 1)
        XCTAssertEqual(candidate.rejection, "claude: HTTP 401 authentication_error: invalid x-api-key")
    }

    func testTimeoutIsRetried() async throws {
        let (candidate, recorder, requests) = try await propose([["fault": "sleep", "seconds": 2.5], ["fix": calcFix]], timeout: 1)
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 2)
        XCTAssertEqual(recorder.waits.count, 1)
    }

    func testCancellationAbortsTheRequestWithoutRetry() async throws {
        mock.script([["fault": "sleep", "seconds": 5], ["fix": calcFix]], expectKey: testKey)
        let recorder = SleepRecorder()
        let provider = try claudeProvider(recorder: recorder)
        let started = Date()
        let task = Task { try await provider.propose(healRequest(["src/calc.aura": calcSource])) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let result = await task.result
        XCTAssertLessThan(Date().timeIntervalSince(started), 3, "the transfer was aborted, not waited out")
        if case let .success(candidates) = result {
            XCTAssertEqual(candidates.first?.rejection, "claude: cancelled")
        }
        XCTAssertEqual(mock.requests().count, 1)
        XCTAssertEqual(recorder.waits, [])
    }

    func testConnectionResetIsRetried() async throws {
        let (candidate, _, requests) = try await propose([["fault": "reset"], ["fault": "reset"], ["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 3)
    }

    func testConnectionResetThreeTimesGivesUp() async throws {
        let (candidate, _, requests) = try await propose([["fault": "reset"], ["fault": "reset"], ["fault": "reset"]])
        XCTAssertEqual(requests, 3)
        XCTAssertTrue(candidate.rejection?.hasSuffix("(after 3 attempts)") == true, candidate.rejection ?? "")
    }

    func testTruncatedBodyIsAConnectionErrorAndRetried() async throws {
        let (candidate, _, requests) = try await propose([["fault": "truncate", "fix": calcFix], ["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 2)
    }

    func testMalformedJSONIsRejectedWithoutRetry() async throws {
        let (candidate, _, requests) = try await propose([["fault": "malformed"], ["fix": calcFix]])
        XCTAssertEqual(requests, 1)
        XCTAssertTrue(candidate.rejection?.contains("not valid JSON") == true, candidate.rejection ?? "")
    }

    func testHugeBodyIsRefused() async throws {
        let (candidate, _, requests) = try await propose([["fault": "huge", "bytes": 6 << 20]])
        XCTAssertEqual(requests, 1)
        XCTAssertTrue(candidate.rejection?.contains("response too large") == true, candidate.rejection ?? "")
    }

    func testWrongSchemaIsRejected() async throws {
        let (candidate, _, _) = try await propose([["fix": ["action": "patch", "explanation": "x", "confidence": 1]]])
        XCTAssertEqual(candidate.rejection, "claude: the answer does not follow the propose_fix schema: missing or non-array `edits`")
        let (mistyped, _, _) = try await propose([["fix": ["action": "patch", "explanation": "x", "confidence": 1,
                                                           "edits": [["file": "src/calc.aura", "line": "one", "old_text": "a", "new_text": "b"]]]]])
        XCTAssertEqual(mistyped.rejection, "claude: the answer does not follow the propose_fix schema: edit 1: missing or non-integer `line`")
    }

    func testTruncatedAndRefusedAnswersAreRejected() async throws {
        let (cut, _, _) = try await propose([["fix": calcFix, "stop_reason": "max_tokens"]])
        XCTAssertEqual(cut.rejection, "claude: the answer was cut off (stop reason `max_tokens`)")
        XCTAssertEqual(cut.usage, TokenUsage(input: 812, output: 140), "tokens are recorded even for a rejected answer")
        let (refused, _, _) = try await propose([["fix": [:] as [String: Any], "stop_reason": "refusal"]])
        XCTAssertEqual(refused.rejection, "claude: the model refused to answer")
    }

    func testOldTextMustMatchAtTheLine() async throws {
        let wrongLine: [String: Any] = ["action": "patch", "explanation": "x", "confidence": 0.5,
                                        "edits": [["file": "src/calc.aura", "line": 3, "old_text": "a - b", "new_text": "a + b"]]]
        let (candidate, _, _) = try await propose([["fix": wrongLine]])
        XCTAssertEqual(candidate.rejection, "claude: the old text does not match `src/calc.aura` at line 3")
    }

    func testEscalationIsNoPatch() async throws {
        let (candidate, _, _) = try await propose([["fix": ["action": "escalate", "edits": [], "explanation": "needs a human", "confidence": 0.2]]])
        XCTAssertEqual(candidate.rejection, "claude: no patch (escalate): needs a human")
    }
}
