import AuraGit
import AuraLedger
import AuraVM

/// Every `aura.*` key (ARCHITECTURE.md §4): its default, what values are allowed, and a
/// validator. The one place that knows what is valid: `git aura policy` shows the keys with their
/// origin, `policy set` validates before writing, and the loaders (`HealPolicy`,
/// `CircuitBreakerPolicy`) read through `validated`, so all of them judge a value alike.
public struct PolicyKey: Sendable {
    public let name: String
    public let defaultValue: String?
    public let allowed: String
    public let summary: String
    let isValid: @Sendable (String) -> Bool
    /// An invalid value is not echoed in errors: it names a variable holding a secret, and a
    /// key pasted there by mistake must not reach the terminal or the logs.
    public var hidesInvalidValue = false
    /// What an unset key without a `defaultValue` means ("unlimited", "not sent"), as
    /// `git aura policy` shows it; docs/healing.md quotes the same words.
    public var unsetMeaning: String? = nil
    /// The value holds a URL whose password must never be shown: `git aura policy` and errors
    /// show it through `DatabaseURL.redacted`.
    public var redactsPassword = false

    public func validate(_ value: String) -> Bool { isValid(value) }

    /// `value` as output may show it.
    public func shown(_ value: String) -> String { redactsPassword ? DatabaseURL.redacted(value) : value }

    /// The error for an invalid `value` set in `origin`.
    public func invalid(_ value: String, origin: String) -> HealPolicy.InvalidValue {
        HealPolicy.InvalidValue(key: name, value: hidesInvalidValue ? "(hidden)" : shown(value), origin: origin, allowed: allowed)
    }
}

public enum PolicyKeys {
    static func oneOf(_ values: [String]) -> @Sendable (String) -> Bool { { values.contains($0.lowercased()) } }
    static func number(_ range: ClosedRange<Int>) -> @Sendable (String) -> Bool { { Int($0).map(range.contains) ?? false } }
    static let anyText: @Sendable (String) -> Bool = { !$0.isEmpty }
    /// Git's spellings of a boolean, and what each means.
    static let booleanValues: [String: Bool] = ["true": true, "yes": true, "on": true, "1": true, "false": false, "no": false, "off": false, "0": false]
    static let boolean: @Sendable (String) -> Bool = { booleanValues[$0.lowercased()] != nil }
    static let url: @Sendable (String) -> Bool = { $0.lowercased().hasPrefix("http://") || $0.lowercased().hasPrefix("https://") }
    static func decimal(_ range: ClosedRange<Double>) -> @Sendable (String) -> Bool { { Double($0).map(range.contains) ?? false } }
    static let variableName: @Sendable (String) -> Bool = {
        !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !$0.first!.isNumber
    }

    static func wholeNumber(_ range: ClosedRange<Int>) -> String { "a whole number from \(range.lowerBound) to \(range.upperBound)" }

    static let providerNames = ["rules", "claude", "openai", "replay"]

    public static let all: [PolicyKey] = [
        PolicyKey(name: "aura.policy", defaultValue: "guided", allowed: "manual, guided, supervised, autonomous",
                  summary: "what heal may do without asking", isValid: oneOf(["manual", "guided", "supervised", "autonomous"])),
        PolicyKey(name: "aura.autoApplyMaxRisk", defaultValue: "low", allowed: "safe, low, medium, high",
                  summary: "highest risk applied without asking (supervised)", isValid: oneOf(["safe", "low", "medium", "high"])),
        PolicyKey(name: "aura.maxActionsPerSession", defaultValue: "5", allowed: wholeNumber(1...100), summary: "heals per session", isValid: number(1...100)),
        PolicyKey(name: "aura.maxIterations", defaultValue: "4", allowed: wholeNumber(1...100), summary: "verify-and-retry rounds", isValid: number(1...100)),
        PolicyKey(name: "aura.circuitBreaker.maxFailures", defaultValue: "3", allowed: wholeNumber(1...1000),
                  summary: "rejected or reverted heals that open the breaker", isValid: number(1...1000)),
        PolicyKey(name: "aura.circuitBreaker.window", defaultValue: "1h", allowed: DurationText.allowed,
                  summary: "window for counting failures", isValid: { DurationText.parse($0) != nil }),
        PolicyKey(name: "aura.history.size", defaultValue: "50", allowed: wholeNumber(1...100_000), summary: "heals kept for undo", isValid: number(1...100_000)),
        PolicyKey(name: "aura.provider", defaultValue: "rules", allowed: "rules, claude, openai, replay, or an ordered comma-separated list such as rules,claude",
                  summary: "where fixes come from", isValid: { text in
                      let parts = text.split(separator: ",").map { $0.trimmingCharacters() }
                      return !parts.isEmpty && parts.allSatisfy(providerNames.contains) && Set(parts).count == parts.count
                  }),
        PolicyKey(name: "aura.provider.maxReflections", defaultValue: "3", allowed: wholeNumber(0...10),
                  summary: "follow-up requests carrying a rejected patch and what verification found", isValid: number(0...10)),
        PolicyKey(name: "aura.provider.candidates", defaultValue: "1", allowed: wholeNumber(1...5),
                  summary: "alternative answers asked for per problem; the first that verifies is kept", isValid: number(1...5)),
        PolicyKey(name: "aura.provider.maxRequestsPerSession", defaultValue: nil, allowed: wholeNumber(1...10_000),
                  summary: "model requests per heal session", isValid: number(1...10_000), unsetMeaning: "unlimited"),
        PolicyKey(name: "aura.provider.maxTokensPerSession", defaultValue: nil, allowed: wholeNumber(1...100_000_000),
                  summary: "model tokens (in + out) per heal session", isValid: number(1...100_000_000), unsetMeaning: "unlimited"),
        PolicyKey(name: "aura.learn", defaultValue: "true", allowed: "true, false (or yes/no, on/off, 1/0)",
                  summary: "ask instead of applying a rule whose heals are often undone or declined", isValid: boolean),
        PolicyKey(name: "aura.learn.minSamples", defaultValue: "5", allowed: wholeNumber(1...1000),
                  summary: "outcomes of a rule before its keep rate counts", isValid: number(1...1000)),
        PolicyKey(name: "aura.learn.autoApplyMin", defaultValue: "0.6", allowed: "a number from 0 to 1",
                  summary: "keep rate below which a rule asks before applying", isValid: decimal(0...1)),
        PolicyKey(name: "aura.claude.model", defaultValue: "claude-sonnet-4-5", allowed: "a model id", summary: "Claude model", isValid: anyText),
        PolicyKey(name: "aura.claude.baseUrl", defaultValue: "https://api.anthropic.com", allowed: "an http:// or https:// URL", summary: "Claude endpoint", isValid: url),
        PolicyKey(name: "aura.claude.apiKeyEnv", defaultValue: "ANTHROPIC_API_KEY",
                  allowed: "the name of an environment variable, such as ANTHROPIC_API_KEY (never the key itself)",
                  summary: "variable holding the API key", isValid: variableName,
                  hidesInvalidValue: true),
        PolicyKey(name: "aura.claude.requestsPerMinute", defaultValue: nil, allowed: wholeNumber(1...10_000), summary: "rate limit", isValid: number(1...10_000), unsetMeaning: "unlimited"),
        PolicyKey(name: "aura.claude.stream", defaultValue: nil, allowed: "true or false (default: stream when interactive)",
                  summary: "stream the answer (SSE)", isValid: boolean, unsetMeaning: "on when stderr is a terminal"),
        PolicyKey(name: "aura.claude.maxTokens", defaultValue: nil, allowed: wholeNumber(256...64_000), summary: "answer size limit", isValid: number(256...64_000),
                  unsetMeaning: "2048"),
        PolicyKey(name: "aura.claude.temperature", defaultValue: nil, allowed: "a number from 0 to 1", summary: "sampling temperature", isValid: decimal(0...1), unsetMeaning: "not sent"),
        PolicyKey(name: "aura.claude.timeout", defaultValue: nil, allowed: "seconds, a number from 1 to 3600", summary: "request timeout", isValid: decimal(1...3600),
                  unsetMeaning: "600"),
        PolicyKey(name: "aura.openai.baseUrl", defaultValue: nil, allowed: "an http:// or https:// URL", summary: "OpenAI-compatible endpoint", isValid: url, unsetMeaning: "http://127.0.0.1:8080"),
        PolicyKey(name: "aura.openai.model", defaultValue: nil, allowed: "a model name", summary: "local model", isValid: anyText, unsetMeaning: "local"),
        PolicyKey(name: "aura.openai.apiKeyEnv", defaultValue: nil,
                  allowed: "the name of an environment variable, such as OPENAI_API_KEY (never the key itself)",
                  summary: "variable holding the API key (local servers need none)", isValid: variableName, hidesInvalidValue: true,
                  unsetMeaning: "none"),
        PolicyKey(name: "aura.openai.maxTokens", defaultValue: nil, allowed: wholeNumber(256...64_000), summary: "answer size limit", isValid: number(256...64_000),
                  unsetMeaning: "2048"),
        PolicyKey(name: "aura.openai.temperature", defaultValue: nil, allowed: "a number from 0 to 2", summary: "sampling temperature", isValid: decimal(0...2), unsetMeaning: "0"),
        PolicyKey(name: "aura.openai.timeout", defaultValue: nil, allowed: "seconds, a number from 1 to 3600", summary: "request timeout", isValid: decimal(1...3600),
                  unsetMeaning: "600"),
        PolicyKey(name: "aura.openai.stream", defaultValue: "false", allowed: "true, false (or yes/no, on/off, 1/0)",
                  summary: "stream the answer (SSE)", isValid: boolean),
        PolicyKey(name: "aura.replay.file", defaultValue: nil, allowed: "a path to a replay file", summary: "answers for the replay provider", isValid: anyText, unsetMeaning: "none"),
        PolicyKey(name: "aura.hook.scope", defaultValue: "changed", allowed: "changed, project",
                  summary: "what pre-commit checks", isValid: oneOf(["changed", "project"])),
        PolicyKey(name: "aura.hook.format", defaultValue: "false", allowed: "true, false (or yes/no, on/off, 1/0)",
                  summary: "pre-commit also blocks files `aura fmt` would change", isValid: boolean),
        PolicyKey(name: "aura.postMerge", defaultValue: "report", allowed: "heal, publish, report",
                  summary: "what post-merge does with problems", isValid: oneOf(["heal", "publish", "report"])),
        PolicyKey(name: "aura.verify.allowNetwork", defaultValue: "false", allowed: "true, false (or yes/no, on/off, 1/0)",
                  summary: "let verification make real HTTP calls", isValid: boolean),
        PolicyKey(name: "aura.verify.databaseUrl", defaultValue: nil, allowed: "a postgres:// or postgresql:// URL of a scratch database",
                  summary: "the PostgreSQL database verification connects to (rolled back)", isValid: DatabaseURL.isPostgres,
                  unsetMeaning: "none: verification refuses database servers", redactsPassword: true),
        PolicyKey(name: "aura.publish.maxOpen", defaultValue: "5", allowed: wholeNumber(1...1000), summary: "open heal branches at most", isValid: number(1...1000)),
        PolicyKey(name: "aura.schedule.hours", defaultValue: nil, allowed: ScheduleWindow.hoursAllowed,
                  summary: "when `git aura watch` applies more than safe fixes", isValid: { ScheduleWindow.parseHours($0) != nil },
                  unsetMeaning: "every hour"),
        PolicyKey(name: "aura.schedule.days", defaultValue: nil, allowed: ScheduleWindow.daysAllowed,
                  summary: "the days of that window", isValid: { ScheduleWindow.parseDays($0) != nil }, unsetMeaning: "every day"),
        PolicyKey(name: "aura.schedule.models", defaultValue: "window", allowed: "window, always",
                  summary: "when `git aura watch` asks model providers", isValid: oneOf(["window", "always"])),
        PolicyKey(name: "aura.watch.notify", defaultValue: "desktop", allowed: "desktop, terminal, none",
                  summary: "how `git aura watch` announces a heal", isValid: oneOf(WatchSettings.Notify.allCases.map(\.rawValue))),
        PolicyKey(name: "aura.watch.debounce", defaultValue: "300", allowed: "milliseconds, " + wholeNumber(10...60_000),
                  summary: "quiet time before `git aura watch` reads a changed file", isValid: number(10...60_000)),
    ]

    public static func key(_ name: String) -> PolicyKey? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The known key nearest to `name` by edit distance (case ignored, `aura.` optional), for
    /// "did you mean" in the error about an unknown key.
    public static func closest(to name: String) -> PolicyKey? {
        let wanted = Array(name.lowercased().hasPrefix("aura.") ? name.lowercased() : "aura." + name.lowercased())
        return all.min { editDistance(wanted, Array($0.name.lowercased())) < editDistance(wanted, Array($1.name.lowercased())) }
    }

    /// Levenshtein distance (insert, delete, substitute: 1 each).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The effective value of every key: (key, value, origin) with `default` when unset.
    public static func effective(_ config: GitConfig) -> [(key: PolicyKey, value: String?, origin: String)] {
        all.map { key in
            if let value = config.value(key.name) { return (key, value.value, value.origin.rawValue) }
            return (key, key.defaultValue, "default")
        }
    }

    /// Every set key must hold an allowed value: the first bad one is an error naming it.
    /// Keys in `overridden` (set on the command line, e.g. `--provider`) are not judged.
    public static func validate(_ config: GitConfig, overridden: Set<String> = []) throws {
        for key in all where !overridden.contains(key.name) {
            if let value = config.value(key.name), !key.validate(value.value) {
                throw key.invalid(value.value, origin: value.origin.rawValue)
            }
        }
    }

    /// The value of a known key when it is set and valid; nil when unset. An invalid value
    /// throws `HealPolicy.InvalidValue` naming the key, the value, its origin and what is allowed.
    public static func validated(_ config: GitConfig, _ name: String) throws -> String? {
        guard let key = key(name) else { preconditionFailure("unknown policy key \(name)") }
        guard let value = config.value(key.name) else { return nil }
        guard key.validate(value.value) else {
            throw key.invalid(value.value, origin: value.origin.rawValue)
        }
        return value.value
    }

    /// A boolean key read the way it was validated: every spelling git accepts means what it says.
    /// Nil when unset; an invalid value throws like `validated`.
    public static func bool(_ config: GitConfig, _ name: String) throws -> Bool? {
        try validated(config, name).map { booleanValues[$0.lowercased()] ?? false }
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
