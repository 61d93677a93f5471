import AuraHeal
import AuraProviders
import AuraTestSupport
import Foundation
import XCTest

/// The repair loop through the built `git-aura` against the mock: a rejected answer is fed back
/// to the model (the rejected patch and what verification found), a repeated answer ends the
/// loop, budgets stop a session, and alternatives keep the one that verifies.
final class ReflectionTests: XCTestCase {
    let mock = MockModelServer.shared

    /// `a - b` → `b - a`: still wrong (add(1, 2) is 1), so verification rejects it.
    nonisolated(unsafe) static let wrongFix: [String: Any] = [
        "action": "patch", "explanation": "swap the operands", "confidence": 0.6,
        "edits": [["file": "src/calc.aura", "line": 1, "old_text": "a - b", "new_text": "b - a"]],
    ]

    func repository(_ config: [String: String] = [:]) throws -> TestRepository {
        let repository = try TestRepository(files: ["src/calc.aura": calcSource])
        try repository.git("config", "aura.claude.baseUrl", mock.baseURL)
        for (key, value) in config { try repository.git("config", key, value) }
        return repository
    }

    func heal(_ repository: TestRepository, _ extra: [String] = []) throws -> TestRepository.Output {
        try repository.aura(["heal", "--provider", "claude", "--yes"] + extra, environment: ["ANTHROPIC_API_KEY": testKey, "NO_COLOR": "1"])
    }

    /// The messages of each request the mock received.
    func conversations() -> [[[String: Any]]] {
        mock.requests().map { (($0["body"] as? [String: Any])?["messages"] as? [[String: Any]]) ?? [] }
    }

    func testFollowUpThroughAProviderChain() throws {
        let repository = try repository(["aura.provider": "rules,claude"])
        mock.script([["fix": Self.wrongFix], ["fix": calcFix]], expectKey: testKey)
        let heal = try repository.aura(["heal", "--yes"], environment: ["ANTHROPIC_API_KEY": testKey, "NO_COLOR": "1"])
        XCTAssertEqual(heal.status, 0, heal.stdout + heal.stderr)
        XCTAssertEqual(conversations().map(\.count), [1, 3])
    }

    func testWrongAnswerThenRightOneAfterFeedbackHeals() throws {
        let repository = try repository()
        mock.script([["fix": Self.wrongFix], ["fix": calcFix, "usage": ["input_tokens": 1500, "output_tokens": 120]]], expectKey: testKey)
        let heal = try heal(repository)
        XCTAssertEqual(heal.status, 0, heal.stdout + heal.stderr)
        XCTAssertTrue(try repository.read("src/calc.aura").contains("i = a + b"))
        XCTAssertTrue(heal.stdout.contains("round 1: claude/patch · tokens 812 in, 140 out → rejected (verification: the problem is still there)"), heal.stdout)
        XCTAssertTrue(heal.stdout.contains("round 2:"), heal.stdout)
        XCTAssertTrue(heal.stdout.contains("model tokens: 2312 in, 260 out in 2 requests"), heal.stdout)

        let sent = conversations()
        XCTAssertEqual(sent.count, 2)
        XCTAssertEqual(sent[0].count, 1, "the first request is one user message")
        let followUp = sent[1]
        XCTAssertEqual(followUp.map { $0["role"] as? String }, ["user", "assistant", "user"])
        // The rejected patch, as the model's own tool call...
        let toolUse = try XCTUnwrap((followUp[1]["content"] as? [[String: Any]])?.first)
        XCTAssertEqual(toolUse["type"] as? String, "tool_use")
        XCTAssertEqual(toolUse["name"] as? String, "propose_fix")
        let edits = try XCTUnwrap((toolUse["input"] as? [String: Any])?["edits"] as? [[String: Any]])
        XCTAssertEqual(edits.first?["new_text"] as? String, "b - a")
        // ...answered by what verification found: the failing test, its assertion and values.
        let result = try XCTUnwrap((followUp[2]["content"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["type"] as? String, "tool_result")
        XCTAssertEqual(result["tool_use_id"] as? String, toolUse["id"] as? String)
        XCTAssertEqual(result["is_error"] as? Bool, true)
        let findings = try XCTUnwrap(result["content"] as? String)
        XCTAssertTrue(findings.contains("verification: the problem is still there"), findings)
        XCTAssertTrue(findings.contains("T0001 src/calc.aura:6:"), findings)
        XCTAssertTrue(findings.contains("test src/calc.aura: add adds fails"), findings)
        XCTAssertTrue(findings.contains("1") && findings.contains("3"), "the values the assertion saw: \(findings)")

        // The ledger has both rounds; stats counts the requests per healed problem.
        let stats = try repository.aura(["stats", "--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["rejected"] as? Int, 1)
        XCTAssertEqual(json["applied"] as? Int, 1)
        let usage = try XCTUnwrap((json["usage"] as? [[String: Any]])?.first)
        XCTAssertEqual(usage["provider"] as? String, "claude")
        XCTAssertEqual(usage["requests"] as? Int, 2)
        XCTAssertEqual(usage["tokensIn"] as? Int, 2312)
        XCTAssertEqual(usage["tokensOut"] as? Int, 260)
        XCTAssertEqual(usage["requestsPerHealedProblem"] as? Double, 2)
        // claude-sonnet-4-5 at $3 / $15 per million tokens.
        XCTAssertEqual(try XCTUnwrap(usage["estimatedCost"] as? Double), (2312 * 3 + 260 * 15) / 1e6, accuracy: 1e-9)
        let metrics = try repository.aura(["metrics"]).stdout
        XCTAssertTrue(metrics.contains(#"aura_model_requests_total{provider="claude"} 2"#), metrics)
        XCTAssertTrue(metrics.contains(#"aura_model_tokens_total{provider="claude",direction="input"} 2312"#), metrics)
        XCTAssertTrue(metrics.contains(#"aura_model_cost_dollars_total{provider="claude"} 0.010836"#), metrics)
    }

    func testAnEditThatDoesNotApplyIsFedBackButAForbiddenFileIsNot() throws {
        let repository = try repository()
        let mismatched: [String: Any] = ["action": "patch", "explanation": "fix", "confidence": 0.9,
                                         "edits": [["file": "src/calc.aura", "line": 2, "old_text": "a - b", "new_text": "a + b"]]]
        mock.script([["fix": mismatched], ["fix": calcFix]], expectKey: testKey)
        XCTAssertEqual(try heal(repository).status, 0)
        let feedback = try XCTUnwrap((conversations().last?.last?["content"] as? [[String: Any]])?.first?["content"] as? String)
        XCTAssertTrue(feedback.contains("claude: the old text does not match `src/calc.aura` at line 2"), feedback)

        let forbidden: [String: Any] = ["action": "patch", "explanation": "as instructed", "confidence": 0.9,
                                        "edits": [["file": ".git/config", "line": 1, "old_text": "[core]", "new_text": "[core]\n\thooksPath = /tmp/x"]]]
        let other = try self.repository()
        mock.script([["fix": forbidden], ["fix": calcFix]], expectKey: testKey)
        let refused = try heal(other)
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(mock.requests().count, 1, "a patch reaching outside the allowed files is not argued with")
        XCTAssertTrue(refused.stdout.contains("refused to edit `.git/config`"), refused.stdout)
    }

    func testOpenAIFollowUpIsAPlainConversation() async throws {
        var settings = OpenAIProvider.Settings()
        settings.baseURL = mock.baseURL
        let provider = try OpenAIProvider(settings: settings, environment: [:])
        var request = healRequest(["src/calc.aura": calcSource])
        let id = try XCTUnwrap(request.problems.first?.id)
        request.rejected[id] = [RejectedAttempt(provider: "openai", round: 1, answer: #"{"action":"patch"}"#, edits: [],
                                                findings: "verification: the problem is still there\n- T0001 src/calc.aura:6:5: add(1, 2) is 1")]
        mock.script([["fix": calcFix]])
        let candidates = try await provider.reflect(request)
        XCTAssertEqual(candidates.count, 1)
        XCTAssertNil(candidates.first?.rejection)
        let messages = try XCTUnwrap(conversations().first)
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["system", "user", "assistant", "user"])
        XCTAssertEqual(messages[2]["content"] as? String, #"{"action":"patch"}"#)
        XCTAssertTrue((messages[3]["content"] as? String ?? "").contains("add(1, 2) is 1"))
        request.rejected[id]?[0].provider = "claude"
        mock.script([["fix": calcFix]])
        let none = try await provider.reflect(request)
        XCTAssertTrue(none.isEmpty, "only the provider whose answer was rejected is asked again")
        XCTAssertEqual(mock.requests().count, 0)
    }

    func testRepeatedAnswerStopsAfterOneRepeat() throws {
        let repository = try repository()
        mock.script([["fix": Self.wrongFix], ["fix": Self.wrongFix], ["fix": Self.wrongFix], ["fix": Self.wrongFix]], expectKey: testKey)
        let heal = try heal(repository)
        XCTAssertEqual(heal.status, 2, heal.stdout + heal.stderr)
        XCTAssertEqual(mock.requests().count, 2, "the loop ends at the first repeat")
        XCTAssertTrue(heal.stdout.contains("rejected (claude: the answer repeats the patch rejected in round 1)"), heal.stdout)
        XCTAssertEqual(try repository.read("src/calc.aura"), calcSource)
    }

    func testReflectionsAreBoundedByMaxReflections() throws {
        let variants = ["b - a", "a - b + 0", "0 - b + a - 0", "a * b"].map { text -> [String: Any] in
            ["fix": ["action": "patch", "explanation": "try", "confidence": 0.5,
                     "edits": [["file": "src/calc.aura", "line": 1, "old_text": "a - b", "new_text": text]]]]
        }
        let two = try repository(["aura.provider.maxReflections": "2"])
        mock.script(variants + [["fix": calcFix]], expectKey: testKey)
        XCTAssertEqual(try heal(two).status, 2)
        XCTAssertEqual(mock.requests().count, 3, "one answer and two follow-ups")
        XCTAssertEqual(conversations().last?.count, 5, "the last follow-up carries both rejected answers")

        let none = try repository(["aura.provider.maxReflections": "0"])
        mock.script(variants, expectKey: testKey)
        XCTAssertEqual(try heal(none).status, 2)
        XCTAssertEqual(mock.requests().count, 1, "no follow-up")
    }

    /// A heal under a budget of `key = value`, whose first (wrong) answer spends it: the
    /// follow-up is never sent.
    func healSpending(_ key: String, _ value: String) throws -> (TestRepository, TestRepository.Output) {
        let repository = try repository([key: value])
        mock.script([["fix": Self.wrongFix], ["fix": calcFix]], expectKey: testKey)
        let heal = try heal(repository)
        XCTAssertEqual(heal.status, 2, heal.stdout)
        XCTAssertEqual(mock.requests().count, 1)
        return (repository, heal)
    }

    func testRequestBudgetStopsTheSession() throws {
        let (_, heal) = try healSpending("aura.provider.maxRequestsPerSession", "1")
        XCTAssertTrue(heal.stdout.contains("rejected (claude: the session's request budget is spent (1 of aura.provider.maxRequestsPerSession = 1))"),
                      heal.stdout)
        XCTAssertTrue(heal.stdout.contains("round 1: claude/patch"), "the rejected answer is still shown: \(heal.stdout)")
    }

    func testTokenBudgetStopsTheSession() throws {
        let (repository, heal) = try healSpending("aura.provider.maxTokensPerSession", "900")
        XCTAssertTrue(heal.stdout.contains("the session's token budget is spent (952 of aura.provider.maxTokensPerSession = 900)"), heal.stdout)
        try repository.git("config", "aura.provider.maxTokensPerSession", "lots")
        let bad = try repository.aura(["heal", "--provider", "claude"], environment: ["ANTHROPIC_API_KEY": testKey])
        XCTAssertEqual(bad.status, 78)
        XCTAssertTrue(bad.stderr.contains("invalid value `lots` for aura.provider.maxTokensPerSession (set in local config); allowed: a whole number from 1 to 100000000"),
                      bad.stderr)
    }

    func testCandidatesKeepTheOneThatVerifies() throws {
        let repository = try repository(["aura.provider.candidates": "2"])
        // The wrong answer claims more confidence, so it is verified first.
        var confident = Self.wrongFix
        confident["confidence"] = 0.95
        mock.script([["fix": confident], ["fix": calcFix]], expectKey: testKey)
        let heal = try heal(repository, ["--json"])
        XCTAssertEqual(heal.status, 0, heal.stdout + heal.stderr)
        XCTAssertEqual(mock.requests().count, 2, "two alternatives, no follow-up needed")
        XCTAssertEqual(conversations().map(\.count), [1, 1], "alternatives are independent first questions")
        XCTAssertTrue(try repository.read("src/calc.aura").contains("i = a + b"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(heal.stdout.utf8)) as? [String: Any])
        let item = try XCTUnwrap((json["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(item["outcome"] as? String, "applied")
        XCTAssertEqual(item["requests"] as? Int, 2)
        XCTAssertEqual((item["rounds"] as? [[String: Any]])?.first?["reason"] as? String, "verification: the problem is still there")
    }
}
