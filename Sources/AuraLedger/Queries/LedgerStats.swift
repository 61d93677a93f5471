/// How healing went over a period (`git aura stats`).
public struct LedgerStats: Codable, Equatable, Sendable {
    /// Success of one rule, provider or risk class.
    public struct Rate: Codable, Equatable, Sendable {
        public var name: String
        /// Candidates tried (applied, rejected, skipped, declined or would-apply).
        public var attempts: Int
        public var applied: Int
        public var rejected: Int
        /// applied / (applied + rejected): how often verification accepted what was applied-or-tried.
        public var successRate: Double?

        public init(name: String, attempts: Int, applied: Int, rejected: Int, successRate: Double?) {
            self.name = name
            self.attempts = attempts
            self.applied = applied
            self.rejected = rejected
            self.successRate = successRate
        }
    }

    /// What one provider's models cost over the period.
    public struct Usage: Codable, Equatable, Sendable {
        public var provider: String
        /// Requests made, retries included.
        public var requests: Int
        public var tokensIn: Int
        public var tokensOut: Int
        /// US dollars at list price (`ModelPricing`); nil when no model used has a known price.
        public var estimatedCost: Double?
        /// Problems its candidates healed (applied).
        public var healed: Int
        /// requests / healed; nil before the first heal.
        public var requestsPerHealedProblem: Double?
    }

    /// Seconds since the epoch: the start of the period.
    public var since: Double
    /// Heal sessions (dry runs and status checks excluded).
    public var sessions: Int
    /// Problems that had a candidate fix.
    public var attempts: Int
    public var applied: Int
    public var rejected: Int
    /// Skipped by policy or not selected, plus declined by the user.
    public var notApproved: Int
    /// Problems no provider could fix.
    public var noFix: Int
    public var successRate: Double?
    public var byRule: [Rate]
    public var byProvider: [Rate]
    public var byRisk: [Rate]
    /// Heal commits made.
    public var heals: Int
    /// Heals taken back with `git aura undo`.
    public var reverts: Int
    /// reverts / heals.
    public var undoRate: Double?
    /// Median wall time of the sessions that made a heal commit, in seconds.
    public var medianHealLatency: Double?
    /// Model usage and estimated cost per provider (providers that made requests).
    public var usage: [Usage] = []
}

extension Ledger {
    /// Statistics of the sessions, attempts and operations since `since`.
    public func stats(since: Double = 0) throws -> LedgerStats {
        let sessions = try self.sessions(since: since).filter { !$0.dryRun }
        let attempts = try self.attempts(since: since)
        let undone = try operations(since: since).filter { $0.kind == .undo && ($0.entryID?.hasPrefix("h-") ?? false) }
        let tried = attempts.filter { $0.rule != nil }
        let applied = tried.filter { $0.outcome == "applied" }.count
        let rejected = tried.filter { $0.outcome == "rejected" }.count
        let heals = Set(sessions.compactMap(\.healID)).count
        let latencies = sessions.filter { $0.healID != nil }.compactMap(\.duration)
        return LedgerStats(
            since: since, sessions: sessions.count, attempts: tried.count, applied: applied, rejected: rejected,
            notApproved: tried.filter { ["skipped", "declined"].contains($0.outcome) }.count,
            noFix: attempts.filter { $0.rule == nil }.count,
            successRate: Self.ratio(applied, applied + rejected),
            byRule: Self.rates(tried, by: { $0.rule }), byProvider: Self.rates(tried, by: { $0.provider }),
            byRisk: Self.rates(tried, by: { $0.risk }).sorted { Self.riskOrder($0.name) < Self.riskOrder($1.name) },
            heals: heals, reverts: undone.count, undoRate: Self.ratio(undone.count, heals),
            medianHealLatency: Self.median(latencies), usage: Self.usage(attempts))
    }

    /// Requests, tokens and cost per provider of the attempts that asked a model.
    static func usage(_ attempts: [AttemptRecord]) -> [LedgerStats.Usage] {
        var groups: [String: [AttemptRecord]] = [:]
        for attempt in attempts where (attempt.requests ?? 0) > 0 || attempt.tokensIn != nil {
            groups[attempt.provider ?? "none", default: []].append(attempt)
        }
        return groups.map { provider, group in
            let requests = group.reduce(0) { $0 + ($1.requests ?? 0) }
            let healed = group.filter { $0.outcome == "applied" }.count
            let costs = group.compactMap { attempt in
                attempt.model.flatMap { ModelPricing.cost(model: $0, input: attempt.tokensIn ?? 0, output: attempt.tokensOut ?? 0) }
            }
            return LedgerStats.Usage(provider: provider, requests: requests, tokensIn: group.reduce(0) { $0 + ($1.tokensIn ?? 0) },
                                     tokensOut: group.reduce(0) { $0 + ($1.tokensOut ?? 0) },
                                     estimatedCost: costs.isEmpty ? nil : costs.reduce(0, +), healed: healed,
                                     requestsPerHealedProblem: ratio(requests, healed))
        }.sorted { $0.provider < $1.provider }
    }

    static func rates(_ attempts: [AttemptRecord], by key: (AttemptRecord) -> String?) -> [LedgerStats.Rate] {
        var groups: [String: [AttemptRecord]] = [:]
        for attempt in attempts { groups[key(attempt) ?? "none", default: []].append(attempt) }
        return groups.map { name, group in
            let applied = group.filter { $0.outcome == "applied" }.count
            let rejected = group.filter { $0.outcome == "rejected" }.count
            return LedgerStats.Rate(name: name, attempts: group.count, applied: applied, rejected: rejected,
                                    successRate: ratio(applied, applied + rejected))
        }.sorted { ($0.attempts, $1.name) > ($1.attempts, $0.name) }
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func riskOrder(_ name: String) -> Int {
        ["safe", "low", "medium", "high", "critical"].firstIndex(of: name) ?? 5
    }
}
