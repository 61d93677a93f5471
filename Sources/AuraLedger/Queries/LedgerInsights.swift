import AuraDiagnostics

/// What the ledger teaches about a project (`git aura insights`).
public struct LedgerInsights: Codable, Equatable, Sendable {
    public struct Count: Codable, Equatable, Sendable {
        public var name: String
        public var count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// The same problem at the same place, again and again.
    public struct Recurring: Codable, Equatable, Sendable {
        public var code: String
        public var message: String
        public var path: String
        public var count: Int
        /// How AURA handled it most recently (`rules/missing-capability`), if a rule did.
        public var rule: String?
        /// What would stop it from coming back.
        public var suggestion: String
    }

    public var commonDiagnostics: [Count]
    public var commonFiles: [Count]
    public var recurring: [Recurring]
    /// Rules whose candidates verification rejected at least half the time (3 tries or more).
    public var poorRules: [LedgerStats.Rate]
    /// What became of each rule's recent heals (the table `aura.learn` judges by).
    public var learned: [Learned] = []
    public var healsApplied: Int
    /// Fixes applied × a typical time to make that fix by hand (see `minutesByRisk`).
    public var estimatedMinutesSaved: Double

    /// One rule's recent outcomes, counted.
    public struct Learned: Codable, Equatable, Sendable {
        public var rule: String
        public var provider: String?
        public var outcomes: Int
        public var kept: Int
        public var undone: Int
        public var reverted: Int
        public var declined: Int
        public var keepRate: Double?

        public init(_ history: RuleHistory) {
            rule = history.rule
            provider = history.provider
            outcomes = history.outcomes.count
            kept = history.count(.kept)
            undone = history.count(.undone)
            reverted = history.count(.reverted)
            declined = history.count(.declined)
            keepRate = history.keepRate
        }
    }

    /// Minutes a person typically spends finding and fixing a problem of each risk class by
    /// hand: reading the message, locating the code, editing, re-running the checks.
    public static let minutesByRisk: [String: Double] = ["safe": 2, "low": 4, "medium": 8, "high": 15, "critical": 20]
}

extension Ledger {
    /// Occurrences of the same (code, path) from which a problem counts as recurring.
    public static let recurringThreshold = 3

    /// Insights from the attempts since `since`; `reverted` are the heals a later commit took
    /// back (see `ruleHistories`).
    public func insights(since: Double = 0, top: Int = 5, reverted: Set<String> = []) throws -> LedgerInsights {
        let attempts = try self.attempts(since: since)
        func counts(_ key: (AttemptRecord) -> String) -> [LedgerInsights.Count] {
            var counts: [String: Int] = [:]
            for attempt in attempts { counts[key(attempt), default: 0] += 1 }
            return counts.map { LedgerInsights.Count(name: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(top).map { $0 }
        }
        var places: [String: [AttemptRecord]] = [:]
        for attempt in attempts { places["\(attempt.code)\u{0}\(attempt.path)", default: []].append(attempt) }
        let recurring = places.values.filter { $0.count >= Self.recurringThreshold }.map { group in
            let latest = group.last!
            let rule = group.last(where: { $0.rule != nil })?.rule
            return LedgerInsights.Recurring(code: latest.code, message: latest.message, path: latest.path, count: group.count,
                                            rule: rule, suggestion: Self.suggestion(code: latest.code, rule: rule, path: latest.path))
        }.sorted { ($0.count, $1.path, $1.code) > ($1.count, $0.path, $0.code) }
        let applied = attempts.filter { $0.outcome == "applied" }
        let poor = Self.rates(attempts.filter { $0.rule != nil }, by: { $0.rule })
            .filter { $0.applied + $0.rejected >= 3 && ($0.successRate ?? 1) < 0.5 }
        let minutes = applied.reduce(0.0) { $0 + (LedgerInsights.minutesByRisk[$1.risk ?? "low"] ?? 4) }
        return LedgerInsights(commonDiagnostics: counts { $0.code }, commonFiles: counts { $0.path }, recurring: recurring,
                              poorRules: poor, learned: try ruleHistories(reverted: reverted).map(LedgerInsights.Learned.init),
                              healsApplied: applied.count, estimatedMinutesSaved: minutes)
    }

    /// A suggestion that addresses the cause rather than the symptom.
    static func suggestion(code: String, rule: String?, path: String) -> String {
        switch DiagnosticCode(code) {
        case .missingCapability, .unusedCapability, .duplicateCapability:
            return "consider declaring the capabilities of \(path)'s functions once, where they are defined, instead of letting AURA patch each use"
        case .missingBang, .effectInPureContext:
            return "consider marking effectful functions with `!` when you write them (effects are part of the name in AURA)"
        case .unknownName, .unknownField, .unknownType, .unknownModuleMember:
            return "consider an editor with AURA completion (the LSP), or renaming the definition to what callers keep typing"
        case .unclosedDelimiter, .mismatchedDelimiter, .unterminatedString:
            return "consider an editor that closes brackets and quotes; the same delimiter keeps being left open"
        case .typeMismatch, .dynNeedsConversion:
            return "consider converting at the boundary (`to_s`/`to_f` where data enters) rather than at every use"
        case .testAssertionFailed:
            return "a test keeps failing and no rule can repair it: fix it by hand or configure a model provider (aura.provider)"
        default:
            return rule == nil
                ? "no rule repairs \(code): fix the cause by hand (`aura explain \(code)`)"
                : "AURA repairs it each time with \(rule!); fix the pattern at its source (`aura explain \(code)`)"
        }
    }
}
