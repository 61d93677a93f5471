import AuraGit
import AuraLedger

/// `aura.learn`, `aura.learn.minSamples`, `aura.learn.autoApplyMin`.
public struct LearningSettings: Sendable, Equatable {
    public var enabled = true
    public var minSamples = 5
    public var autoApplyMin = 0.6

    public init(enabled: Bool = true, minSamples: Int = 5, autoApplyMin: Double = 0.6) {
        self.enabled = enabled
        self.minSamples = minSamples
        self.autoApplyMin = autoApplyMin
    }

    static func load(_ config: GitConfig) throws -> LearningSettings {
        var settings = LearningSettings()
        if let enabled = try PolicyKeys.bool(config, "aura.learn") { settings.enabled = enabled }
        if let samples = try PolicyKeys.validated(config, "aura.learn.minSamples") { settings.minSamples = Int(samples) ?? 5 }
        if let minimum = try PolicyKeys.validated(config, "aura.learn.autoApplyMin") { settings.autoApplyMin = Double(minimum) ?? 0.6 }
        return settings
    }
}

/// Confidence learned from the ledger: after `minSamples` outcomes a rule's effective confidence
/// is its keep rate, and a rule kept less often than `autoApplyMin` asks instead of applying.
/// Learning only ever adds caution: it turns "apply without asking" into "ask", never the reverse.
public struct LearnedConfidence: Sendable {
    public let settings: LearningSettings
    public let histories: [String: RuleHistory]

    public init(settings: LearningSettings, histories: [RuleHistory]) {
        self.settings = settings
        self.histories = Dictionary(histories.map { ($0.rule, $0) }, uniquingKeysWith: { $1 })
    }

    /// The ledger's histories under `settings`, with the heals `repository`'s branch reverted by
    /// hand; nil when learning is off.
    public static func load(_ settings: LearningSettings, from ledger: Ledger, repository: Repository?) throws -> LearnedConfidence? {
        guard settings.enabled else { return nil }
        let reverted = try repository.map { try RevertedHeals.find(in: $0, attempts: try ledger.attempts()) } ?? []
        return LearnedConfidence(settings: settings, histories: try ledger.ruleHistories(reverted: reverted))
    }

    /// The rule's observed keep rate once it has `minSamples` outcomes; nil before.
    public func keepRate(of rule: String) -> Double? {
        guard let history = histories[rule], history.outcomes.count >= settings.minSamples else { return nil }
        return history.keepRate
    }

    /// Why `rule` asks instead of applying (`asks: undone 5 of the last 5 times`), or nil when its
    /// keep rate is high enough or it has too few outcomes to judge.
    public func caution(for rule: String) -> String? {
        guard let rate = keepRate(of: rule), rate < settings.autoApplyMin, let history = histories[rule] else { return nil }
        let lost = [("undone", history.count(.undone)), ("reverted", history.count(.reverted)), ("declined", history.count(.declined))]
            .filter { $0.1 > 0 }
        return "asks: " + lost.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            + " of the last \(history.outcomes.count) times (keeps \(Self.percent(rate)), below aura.learn.autoApplyMin \(Self.percent(settings.autoApplyMin)))"
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
