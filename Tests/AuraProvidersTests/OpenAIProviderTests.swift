import AuraHeal
import AuraProviders
import AuraTestSupport
import XCTest
import AuraJSON

/// The OpenAI-compatible provider (llama.cpp server, Ollama) against the mock.
final class OpenAIProviderTests: XCTestCase {
    let mock = MockModelServer.shared

    func provider(key: String? = nil, recorder: SleepRecorder = SleepRecorder()) throws -> OpenAIProvider {
        var settings = OpenAIProvider.Settings()
        settings.baseURL = mock.baseURL + "/"
        settings.model = "qwen2.5-coder:7b"
        settings.apiKeyEnv = key == nil ? nil : "LOCAL_KEY"
        return try OpenAIProvider(settings: settings, environment: key.map { ["LOCAL_KEY": $0] } ?? [:], sleep: recorder.sleep)
    }

    func propose(_ steps: [[String: Any]], key: String? = nil) async throws -> (HealCandidate, Int) {
        mock.script(steps, expectKey: key)
        let candidate = try onlyCandidate(try await provider(key: key).propose(healRequest(["src/calc.aura": calcSource])))
        return (candidate, mock.requests().count)
    }

    func testContentAnswerAndRequestShape() async throws {
        let (candidate, _) = try await propose([["fix": calcFix]], key: "local-secret-key-123")
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(candidate.edits.first?.replacement, "a + b")
        XCTAssertEqual(candidate.usage, TokenUsage(input: 700, output: 90))
        XCTAssertEqual(candidate.provider, "openai")
        let request = try XCTUnwrap(mock.requests().first)
        XCTAssertEqual(request["path"] as? String, "/v1/chat/completions")
        XCTAssertEqual((request["headers"] as? [String: String])?["authorization"], "Bearer local-secret-key-123")
        let body = try XCTUnwrap(request["body"] as? [String: Any])
        XCTAssertEqual(body["model"] as? String, "qwen2.5-coder:7b")
        XCTAssertEqual(body["temperature"] as? Double, 0)
        let format = try XCTUnwrap(body["response_format"] as? [String: Any])
        XCTAssertEqual(format["type"] as? String, "json_schema")
        let schema = try XCTUnwrap(format["json_schema"] as? [String: Any])
        XCTAssertEqual(schema["name"] as? String, "propose_fix")
        XCTAssertNotNil(schema["schema"] as? [String: Any], "the nested json_schema form")
        XCTAssertEqual((body["messages"] as? [[String: Any]])?.map { $0["role"] as? String }, ["system", "user"])
    }

    func testToolCallArguments() async throws {
        let (candidate, _) = try await propose([["fix": calcFix, "via": "tool_calls"]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(candidate.edits.count, 1)
    }

    func testLengthIsRejected() async throws {
        let (candidate, _) = try await propose([["fix": calcFix, "stop_reason": "length"]])
        XCTAssertEqual(candidate.rejection, "openai: the answer was cut off (stop reason `length`)")
    }

    func testLoadingModel503IsRetried() async throws {
        let loading: [String: Any] = ["status": 503, "message": "Loading model"]
        let (candidate, requests) = try await propose([loading, loading, ["fix": calcFix]])
        XCTAssertNil(candidate.rejection)
        XCTAssertEqual(requests, 3)
        let (failed, attempts) = try await propose([loading, loading, loading])
        XCTAssertEqual(attempts, 3)
        XCTAssertEqual(failed.rejection, "openai: HTTP 503 unavailable_error: Loading model (after 3 attempts)")
    }

    func testMalformedContentIsRejected() throws {
        let answer = try OpenAIWire.answer(from: JSONParser.parse(#"{"choices":[{"message":{"content":"```json\n{\"action\":\"patch\"}\n```"},"finish_reason":"stop"}]}"#))
        XCTAssertEqual(answer.input, ["action": "patch"], "a Markdown fence around the JSON is tolerated")
        XCTAssertThrowsError(try OpenAIWire.answer(from: JSONParser.parse(#"{"choices":[{"message":{"content":"{\"action\": pat"},"finish_reason":"stop"}]}"#)))
    }

    func testMissingConfiguredKeyNamesTheVariable() {
        var settings = OpenAIProvider.Settings()
        settings.apiKeyEnv = "MY_LLM_KEY"
        XCTAssertThrowsError(try OpenAIProvider(settings: settings, environment: [:])) { error in
            XCTAssertEqual("\(error)", "the environment variable MY_LLM_KEY is not set: it must hold the API key (aura.openai.apiKeyEnv names the variable)")
        }
    }
}
