import AuraGit
import AuraVM

/// Every setting a heal reads, loaded once from git config through the `PolicyKeys` table, so
/// each accepted spelling of a value means what it says (`yes`, `on` and `1` are `true` wherever
/// a boolean is read) and every entry point — `git aura heal`, `status`, the hooks, publishing —
/// heals under the same settings.
public struct HealSettings: Sendable {
    /// What `pre-commit` checks (`aura.hook.scope`).
    public enum HookScope: String, Sendable {
        /// Compile errors in the staged `.aura` files that differ from HEAD (tests: all).
        case changed
        /// Every file of the project.
        case project
    }

    /// What `post-merge` does with the problems a merge left (`aura.postMerge`).
    public enum PostMergeAction: String, Sendable {
        case report, heal, publish
    }

    public var policy: HealPolicy
    public var breaker: CircuitBreakerPolicy
    public var verification: VerificationOptions
    public var hookScope: HookScope
    /// `aura.hook.format`: pre-commit reports (and blocks) files `aura fmt` would change.
    public var hookFormat = false
    public var postMerge: PostMergeAction
    /// `aura.publish.maxOpen`.
    public var publishMaxOpen: Int
    /// Environment variables that hold the configured API keys (`aura.claude.apiKeyEnv`,
    /// `aura.openai.apiKeyEnv`): their values are masked everywhere and never written by a patch.
    public var secretVariables: [String] = ["ANTHROPIC_API_KEY"]
    /// `aura.provider.maxReflections`: follow-up requests per problem after a rejected answer.
    public var maxReflections = 3
    /// `aura.learn*`: when the ledger's history of a rule makes it ask instead of applying.
    public var learning = LearningSettings()

    /// The values of `secretVariables` in `environment`.
    public func secrets(in environment: [String: String]) -> [String] {
        secretVariables.compactMap { environment[$0] }.filter { !$0.isEmpty }
    }

    public init(policy: HealPolicy = HealPolicy(), breaker: CircuitBreakerPolicy = CircuitBreakerPolicy(),
                verification: VerificationOptions = VerificationOptions(), hookScope: HookScope = .changed,
                postMerge: PostMergeAction = .report, publishMaxOpen: Int = 5) {
        self.policy = policy
        self.breaker = breaker
        self.verification = verification
        self.hookScope = hookScope
        self.postMerge = postMerge
        self.publishMaxOpen = publishMaxOpen
    }

    /// Validates every `aura.*` key (the first bad one is an error naming the key, its value,
    /// where it was set and what is allowed), then reads them. Keys in `overridden` are given on
    /// the command line instead (`--provider` for `aura.provider`) and are not judged.
    public static func load(_ config: GitConfig, overridden: Set<String> = []) throws -> HealSettings {
        try PolicyKeys.validate(config, overridden: overridden)
        var settings = HealSettings(policy: try HealPolicy.load(from: config), breaker: try CircuitBreakerPolicy.load(from: config))
        if let allow = try PolicyKeys.bool(config, "aura.verify.allowNetwork") { settings.verification.allowNetwork = allow }
        if let database = try PolicyKeys.validated(config, "aura.verify.databaseUrl") { settings.verification.databaseUrl = database }
        if let scope = try PolicyKeys.validated(config, "aura.hook.scope") { settings.hookScope = HookScope(rawValue: scope.lowercased()) ?? .changed }
        if let format = try PolicyKeys.bool(config, "aura.hook.format") { settings.hookFormat = format }
        if let action = try PolicyKeys.validated(config, "aura.postMerge") { settings.postMerge = PostMergeAction(rawValue: action.lowercased()) ?? .report }
        if let maxOpen = try PolicyKeys.validated(config, "aura.publish.maxOpen") { settings.publishMaxOpen = Int(maxOpen) ?? 5 }
        if let reflections = try PolicyKeys.validated(config, "aura.provider.maxReflections") { settings.maxReflections = Int(reflections) ?? 3 }
        settings.learning = try LearningSettings.load(config)
        settings.secretVariables = [PolicyKeys.string(config, "aura.claude.apiKeyEnv")]
        if let openAI = try PolicyKeys.validated(config, "aura.openai.apiKeyEnv") { settings.secretVariables.append(openAI) }
        return settings
    }
}
