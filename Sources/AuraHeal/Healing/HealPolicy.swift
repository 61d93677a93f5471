import AuraGit

/// What may be applied without asking (git config `aura.*`, ARCHITECTURE.md §4).
public struct HealPolicy: Sendable, Equatable {
    public enum Mode: String, CaseIterable, Sendable {
        /// Report only.
        case manual
        /// Show the plan and ask per item (interactive only).
        case guided
        /// Apply up to `autoApplyMaxRisk` without asking; ask for the rest when interactive.
        case supervised
        /// Apply up to `high` without asking; never `critical`.
        case autonomous
    }

    public var mode: Mode = .guided
    public var autoApplyMaxRisk: Risk = .low
    public var maxIterations = 4
    public var maxActionsPerSession = 5

    public init(mode: Mode = .guided, autoApplyMaxRisk: Risk = .low, maxIterations: Int = 4, maxActionsPerSession: Int = 5) {
        self.mode = mode
        self.autoApplyMaxRisk = autoApplyMaxRisk
        self.maxIterations = maxIterations
        self.maxActionsPerSession = maxActionsPerSession
    }

    /// An invalid value names the key, the value, where it was set and what is allowed.
    public struct InvalidValue: Error, CustomStringConvertible {
        public let key: String
        public let value: String
        public let origin: String
        public let allowed: String

        public init(key: String, value: String, origin: String, allowed: String) {
            self.key = key
            self.value = value
            self.origin = origin
            self.allowed = allowed
        }

        public var description: String {
            // `git -c` (origin `commandLine`) and `git aura policy set` ("command line").
            let source = ["command line", "commandLine"].contains(origin) ? "given on the command line" : "set in \(origin) config"
            return "invalid value `\(value)` for \(key) (\(source)); allowed: \(allowed)"
        }
    }

    /// Reads the policy keys, validated by `PolicyKeys` (the one table of allowed values).
    public static func load(from config: GitConfig) throws -> HealPolicy {
        var policy = HealPolicy()
        if let value = try PolicyKeys.validated(config, "aura.policy") { policy.mode = Mode(rawValue: value.lowercased()) ?? policy.mode }
        if let value = try PolicyKeys.validated(config, "aura.autoApplyMaxRisk") { policy.autoApplyMaxRisk = Risk(name: value) ?? policy.autoApplyMaxRisk }
        if let value = try PolicyKeys.validated(config, "aura.maxIterations") { policy.maxIterations = Int(value) ?? policy.maxIterations }
        if let value = try PolicyKeys.validated(config, "aura.maxActionsPerSession") {
            policy.maxActionsPerSession = Int(value) ?? policy.maxActionsPerSession
        }
        return policy
    }

    public enum Decision: String, Sendable {
        case apply, ask, skip
    }

    /// The one place that decides: apply automatically, ask, or skip (report only).
    /// `critical` is never applied without a human; `--yes` answers "yes" to what would be asked.
    public func decide(_ risk: Risk, interactive: Bool, assumeYes: Bool) -> Decision {
        if mode == .manual { return .skip }
        if risk == .critical { return interactive && !assumeYes ? .ask : .skip }
        let automaticUpTo: Risk? = switch mode {
        case .manual, .guided: nil
        case .supervised: autoApplyMaxRisk
        case .autonomous: .high
        }
        if let limit = automaticUpTo, risk <= limit { return .apply }
        if assumeYes { return .apply }
        return interactive ? .ask : .skip
    }
}
