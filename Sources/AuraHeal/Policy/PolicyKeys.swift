import AuraGit

/// Every `aura.*` key (ARCHITECTURE.md §4): its default, what values are allowed, and a
/// validator. `git aura policy` shows them with their origin; `policy set` validates first.
public struct PolicyKey: Sendable {
    public let name: String
    public let defaultValue: String?
    public let allowed: String
    public let summary: String
    let isValid: @Sendable (String) -> Bool

    public func validate(_ value: String) -> Bool { isValid(value) }
}

public enum PolicyKeys {
    static func oneOf(_ values: [String]) -> @Sendable (String) -> Bool { { values.contains($0.lowercased()) } }
    static func number(_ range: ClosedRange<Int>) -> @Sendable (String) -> Bool { { Int($0).map(range.contains) ?? false } }
    static let anyText: @Sendable (String) -> Bool = { !$0.isEmpty }
    static let boolean: @Sendable (String) -> Bool = { ["true", "false", "yes", "no", "on", "off", "1", "0"].contains($0.lowercased()) }
    static let url: @Sendable (String) -> Bool = { $0.hasPrefix("http://") || $0.hasPrefix("https://") }

    /// Durations like `30m`, `1h`, `2d`, `90s`.
    public static func seconds(of text: String) -> Int? {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        default: return nil
        }
    }

    public static let all: [PolicyKey] = [
        PolicyKey(name: "aura.policy", defaultValue: "guided", allowed: "manual, guided, supervised, autonomous",
                  summary: "what heal may do without asking", isValid: oneOf(["manual", "guided", "supervised", "autonomous"])),
        PolicyKey(name: "aura.autoApplyMaxRisk", defaultValue: "low", allowed: "safe, low, medium, high",
                  summary: "highest risk applied without asking (supervised)", isValid: oneOf(["safe", "low", "medium", "high"])),
        PolicyKey(name: "aura.maxActionsPerSession", defaultValue: "5", allowed: "1–100", summary: "heals per session", isValid: number(1...100)),
        PolicyKey(name: "aura.maxIterations", defaultValue: "4", allowed: "1–100", summary: "verify-and-retry rounds", isValid: number(1...100)),
        PolicyKey(name: "aura.circuitBreaker.maxFailures", defaultValue: "3", allowed: "1–1000",
                  summary: "rejected or reverted heals that open the breaker", isValid: number(1...1000)),
        PolicyKey(name: "aura.circuitBreaker.window", defaultValue: "1h", allowed: "a duration such as 30m, 1h, 2d",
                  summary: "window for counting failures", isValid: { seconds(of: $0) != nil }),
        PolicyKey(name: "aura.history.size", defaultValue: "50", allowed: "1–100000", summary: "heals kept for undo", isValid: number(1...100_000)),
        PolicyKey(name: "aura.provider", defaultValue: "rules", allowed: "rules, claude, openai, replay (comma-separated list allowed)",
                  summary: "where fixes come from", isValid: { text in
                      let parts = text.split(separator: ",").map { $0.trimmingCharacters() }
                      return !parts.isEmpty && parts.allSatisfy { ["rules", "claude", "openai", "replay"].contains($0) }
                  }),
        PolicyKey(name: "aura.claude.model", defaultValue: "claude-sonnet-4-5", allowed: "a model id", summary: "Claude model", isValid: anyText),
        PolicyKey(name: "aura.claude.baseUrl", defaultValue: "https://api.anthropic.com", allowed: "an http(s) URL", summary: "Claude endpoint", isValid: url),
        PolicyKey(name: "aura.claude.apiKeyEnv", defaultValue: "ANTHROPIC_API_KEY", allowed: "an environment variable name",
                  summary: "variable holding the API key", isValid: { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !$0.isEmpty }),
        PolicyKey(name: "aura.claude.requestsPerMinute", defaultValue: "50", allowed: "1–10000", summary: "rate limit", isValid: number(1...10_000)),
        PolicyKey(name: "aura.openai.baseUrl", defaultValue: nil, allowed: "an http(s) URL", summary: "OpenAI-compatible endpoint", isValid: url),
        PolicyKey(name: "aura.openai.model", defaultValue: nil, allowed: "a model name", summary: "local model", isValid: anyText),
        PolicyKey(name: "aura.hook.scope", defaultValue: "changed", allowed: "changed, project",
                  summary: "what pre-commit checks", isValid: oneOf(["changed", "project"])),
        PolicyKey(name: "aura.postMerge", defaultValue: "report", allowed: "heal, publish, report",
                  summary: "what post-merge does with problems", isValid: oneOf(["heal", "publish", "report"])),
        PolicyKey(name: "aura.verify.allowNetwork", defaultValue: "false", allowed: "true, false",
                  summary: "let verification make real HTTP calls", isValid: boolean),
        PolicyKey(name: "aura.publish.maxOpen", defaultValue: "5", allowed: "1–1000", summary: "open heal branches at most", isValid: number(1...1000)),
    ]

    public static func key(_ name: String) -> PolicyKey? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The effective value of every key: (key, value, origin) with `default` when unset.
    public static func effective(_ config: GitConfig) -> [(key: PolicyKey, value: String?, origin: String)] {
        all.map { key in
            if let value = config.value(key.name) { return (key, value.value, value.origin.rawValue) }
            return (key, key.defaultValue, "default")
        }
    }

    /// Every set key must hold an allowed value: the first bad one is an error naming it.
    public static func validate(_ config: GitConfig) throws {
        for key in all {
            if let value = config.value(key.name), !key.validate(value.value) {
                throw HealPolicy.InvalidValue(key: key.name, value: value.value, origin: value.origin.rawValue, allowed: key.allowed)
            }
        }
    }

    public static func string(_ config: GitConfig, _ name: String) -> String {
        config.value(name)?.value ?? key(name)?.defaultValue ?? ""
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var slice = self
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
