import AuraHeal
import Foundation

/// Builds the providers named by `aura.provider` (or `git aura heal --provider`).
public enum ProviderSelection {
    public static let names = ["rules", "claude", "openai", "replay"]
    static let allowed = "rules, claude, openai, replay, or an ordered comma-separated list such as rules,claude"

    /// What providers need from their surroundings.
    public struct Context: Sendable {
        /// The working tree root (replay files are relative to it).
        public var root: String
        /// `.git/aura` of the repository (rate limiter state).
        public var stateDirectory: String
        public var environment: [String: String]
        /// Whether standard error is a terminal (streaming defaults on there).
        public var interactive: Bool
        public var progress: (@Sendable (String) -> Void)?

        public init(root: String, stateDirectory: String, environment: [String: String], interactive: Bool,
                    progress: (@Sendable (String) -> Void)? = nil) {
            self.root = root
            self.stateDirectory = stateDirectory
            self.environment = environment
            self.interactive = interactive
            self.progress = progress
        }
    }

    /// The provider names in order, validated. `override` (from `--provider`) wins over config.
    public static func names(config: ProviderConfig, override: String?) throws(ProviderSetupError) -> [String] {
        let entry = override.map { ProviderConfig.Entry($0, origin: "--provider") } ?? config.entry("aura.provider")
        guard let entry else { return ["rules"] }
        let key = override == nil ? "aura.provider" : "--provider"
        let parts = entry.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !parts.isEmpty, parts.allSatisfy({ names.contains($0) }), Set(parts).count == parts.count else {
            throw .invalidValue(key: key, value: entry.value, origin: entry.origin, allowed: allowed)
        }
        return parts
    }

    /// The configured providers as one chain (to pass to `Healer(providers:)`).
    /// The model providers of the chain share one `SessionBudget`.
    public static func provider(config: ProviderConfig, override: String?, context: Context) throws -> HealProvider {
        let budget = try sessionBudget(config)
        let providers: [HealProvider] = try names(config: config, override: override).map { name in
            switch name {
            case "claude": return try ClaudeProvider(settings: claudeSettings(config, context: context), environment: context.environment,
                                                     limiter: try limiter(config, context: context), progress: context.progress, budget: budget)
            case "openai": return try OpenAIProvider(settings: openAISettings(config), environment: context.environment,
                                                     progress: context.progress, budget: budget)
            case "replay":
                guard let file = config.string("aura.replay.file") else {
                    throw ProviderSetupError.replayFile(path: "", reason: "aura.replay.file is not set")
                }
                return try ReplayProvider(file: file, root: context.root)
            default: return RulesProvider()
            }
        }
        return providers.count == 1 ? providers[0] : ProviderChain(providers)
    }

    public static func claudeSettings(_ config: ProviderConfig, context: Context) throws(ProviderSetupError) -> ClaudeProvider.Settings {
        var settings = ClaudeProvider.Settings()
        if let model = config.string("aura.claude.model"), !model.isEmpty { settings.model = model }
        if let url = try config.url("aura.claude.baseUrl") { settings.baseURL = url }
        if let variable = try config.variableName("aura.claude.apiKeyEnv") { settings.apiKeyEnv = variable }
        settings.requestsPerMinute = try config.int("aura.claude.requestsPerMinute", in: 1...10_000)
        settings.stream = try config.bool("aura.claude.stream") ?? context.interactive
        if let tokens = try config.int("aura.claude.maxTokens", in: 256...64_000) { settings.maxTokens = tokens }
        settings.temperature = try config.double("aura.claude.temperature", in: 0...1)
        if let timeout = try config.double("aura.claude.timeout", in: 1...3600) { settings.timeout = timeout }
        if let candidates = try config.int("aura.provider.candidates", in: 1...5) { settings.candidates = candidates }
        return settings
    }

    /// `aura.provider.maxRequestsPerSession` and `maxTokensPerSession`; nil when neither is set.
    public static func sessionBudget(_ config: ProviderConfig) throws(ProviderSetupError) -> SessionBudget? {
        let requests = try config.int("aura.provider.maxRequestsPerSession", in: 1...10_000)
        let tokens = try config.int("aura.provider.maxTokensPerSession", in: 1...100_000_000)
        return requests == nil && tokens == nil ? nil : SessionBudget(maxRequests: requests, maxTokens: tokens)
    }

    public static func openAISettings(_ config: ProviderConfig) throws(ProviderSetupError) -> OpenAIProvider.Settings {
        var settings = OpenAIProvider.Settings()
        if let url = try config.url("aura.openai.baseUrl") { settings.baseURL = url }
        if let model = config.string("aura.openai.model"), !model.isEmpty { settings.model = model }
        settings.apiKeyEnv = try config.variableName("aura.openai.apiKeyEnv")
        if let tokens = try config.int("aura.openai.maxTokens", in: 256...64_000) { settings.maxTokens = tokens }
        if let temperature = try config.double("aura.openai.temperature", in: 0...2) { settings.temperature = temperature }
        if let timeout = try config.double("aura.openai.timeout", in: 1...3600) { settings.timeout = timeout }
        if let candidates = try config.int("aura.provider.candidates", in: 1...5) { settings.candidates = candidates }
        if let stream = try config.bool("aura.openai.stream") { settings.stream = stream }
        return settings
    }

    static func limiter(_ config: ProviderConfig, context: Context) throws(ProviderSetupError) -> RateLimiter? {
        guard let perMinute = try config.int("aura.claude.requestsPerMinute", in: 1...10_000) else { return nil }
        return RateLimiter(directory: context.stateDirectory, name: "claude", requestsPerMinute: perMinute)
    }
}
