import AuraHeal
import AuraProviders
import Foundation
import XCTest

/// `aura.provider` / `--provider`, the settings keys, the chain, and the replay provider.
final class SelectionAndReplayTests: XCTestCase {
    func config(_ values: [String: String]) -> ProviderConfig {
        ProviderConfig(values.mapValues { ProviderConfig.Entry($0, origin: "local") })
    }

    let context = ProviderSelection.Context(root: "/nonexistent", stateDirectory: NSTemporaryDirectory() + "aura-state-test",
                                            environment: ["ANTHROPIC_API_KEY": testKey], interactive: false)

    /// Every key a provider reads is in the one policy table, so `git aura policy` shows it and
    /// `HealSettings.load` rejects a bad value before any provider is built.
    func testEveryProviderKeyIsAPolicyKey() {
        for key in ProviderConfig.keys { XCTAssertNotNil(PolicyKeys.key(key), key) }
        XCTAssertFalse(PolicyKeys.key("aura.claude.temperature")!.validate("3"))
        XCTAssertTrue(PolicyKeys.key("aura.openai.temperature")!.validate("1.5"))
        XCTAssertTrue(PolicyKeys.key("aura.openai.apiKeyEnv")!.hidesInvalidValue)
    }

    func testNames() throws {
        XCTAssertEqual(try ProviderSelection.names(config: config([:]), override: nil), ["rules"])
        XCTAssertEqual(try ProviderSelection.names(config: config(["aura.provider": "rules, Claude"]), override: nil), ["rules", "claude"])
        XCTAssertEqual(try ProviderSelection.names(config: config(["aura.provider": "claude"]), override: "replay"), ["replay"])
        XCTAssertThrowsError(try ProviderSelection.names(config: config(["aura.provider": "gpt"]), override: nil)) { error in
            XCTAssertEqual("\(error)", "invalid value `gpt` for aura.provider (set in local config); allowed: rules, claude, openai, replay, or an ordered comma-separated list such as rules,claude")
        }
        XCTAssertThrowsError(try ProviderSelection.names(config: config([:]), override: "rules,rules")) { error in
            XCTAssertTrue("\(error)".hasPrefix("invalid value `rules,rules` for --provider (given with --provider); allowed:"), "\(error)")
        }
    }

    func testClaudeSettingsAndErrors() throws {
        let settings = try ProviderSelection.claudeSettings(config(["aura.claude.model": "claude-opus-4-1", "aura.claude.baseUrl": "http://127.0.0.1:9",
                                                                    "aura.claude.requestsPerMinute": "30", "aura.claude.temperature": "0.2"]), context: context)
        XCTAssertEqual(settings.model, "claude-opus-4-1")
        XCTAssertEqual(settings.baseURL, "http://127.0.0.1:9")
        XCTAssertEqual(settings.requestsPerMinute, 30)
        XCTAssertEqual(settings.temperature, 0.2)
        XCTAssertFalse(settings.stream, "streaming defaults to off without a terminal")
        var terminal = context
        terminal.interactive = true
        XCTAssertTrue(try ProviderSelection.claudeSettings(config([:]), context: terminal).stream)
        XCTAssertFalse(try ProviderSelection.claudeSettings(config(["aura.claude.stream": "false"]), context: terminal).stream)
        XCTAssertThrowsError(try ProviderSelection.claudeSettings(config(["aura.claude.baseUrl": "file:///etc"]), context: context)) {
            XCTAssertEqual("\($0)", "invalid value `file:///etc` for aura.claude.baseUrl (set in local config); allowed: an http:// or https:// URL")
        }
        XCTAssertThrowsError(try ProviderSelection.claudeSettings(config(["aura.claude.requestsPerMinute": "0"]), context: context))
        // A key pasted where the variable name belongs is refused without being echoed.
        XCTAssertThrowsError(try ProviderSelection.claudeSettings(config(["aura.claude.apiKeyEnv": testKey]), context: context)) {
            XCTAssertFalse("\($0)".contains(testKey))
            XCTAssertTrue("\($0)".contains("aura.claude.apiKeyEnv"))
        }
    }

    func testMissingKeyNamesTheVariable() {
        var noKey = context
        noKey.environment = [:]
        XCTAssertThrowsError(try ProviderSelection.provider(config: config(["aura.claude.apiKeyEnv": "TEAM_CLAUDE_KEY"]), override: "claude", context: noKey)) {
            XCTAssertEqual($0 as? ProviderSetupError, .missingKey(variable: "TEAM_CLAUDE_KEY", key: "aura.claude.apiKeyEnv"))
            XCTAssertEqual("\($0)", "the environment variable TEAM_CLAUDE_KEY is not set: it must hold the API key (aura.claude.apiKeyEnv names the variable)")
        }
    }

    func testChainAsksLaterProvidersOnlyAboutUnhandledProblems() async throws {
        // `prinnt` has a rules fix (similar name); the failing test has none — only it goes to replay.
        let source = calcSource + "main = print!(\"x\")\nshow(x:i): i = dobule(x)\n"
        let replay = try ReplayProvider(json: Array(#"{"answers":[{"code":"T0001","fix":{"action":"patch","explanation":"e","confidence":0.8,"edits":[{"file":"src/calc.aura","line":1,"old_text":"a - b","new_text":"a + b"}]}},{"code":"E0201","fix":{"action":"escalate","edits":[],"explanation":"should not be asked","confidence":0}}]}"#.utf8))
        let request = healRequest(["src/calc.aura": source])
        XCTAssertTrue(request.problems.contains { $0.diagnostic.code == .unknownName }, "\(request.problems.map(\.diagnostic.message))")
        let chain = ProviderChain([RulesProvider(), replay])
        let candidates = try await chain.propose(request)
        XCTAssertEqual(chain.name, "rules,replay")
        XCTAssertEqual(Set(candidates.map(\.provider)), ["rules"], "the type error blocks tests: rules only, replay gets nothing it matches")
        let onlyTests = healRequest(["src/calc.aura": calcSource])
        let replayed = try await chain.propose(onlyTests)
        XCTAssertEqual(replayed.map(\.provider), ["replay"])
        XCTAssertEqual(replayed.first?.rule, "replay/patch")
        XCTAssertNil(replayed.first?.rejection)
    }

    func testReplayFileErrors() throws {
        XCTAssertThrowsError(try ReplayProvider(file: "missing.json", root: "/nonexistent")) {
            XCTAssertEqual("\($0)", "cannot use the replay file `missing.json` (aura.replay.file): no such file")
        }
        XCTAssertThrowsError(try ReplayProvider(json: Array(#"{"answers":[{"fix":{}}]}"#.utf8))) {
            XCTAssertEqual("\($0)", "cannot use the replay file `replay` (aura.replay.file): answer 1 needs `code` and `fix`")
        }
        XCTAssertThrowsError(try ProviderSelection.provider(config: config([:]), override: "replay", context: context))
    }
}
