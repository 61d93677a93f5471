import AuraDiagnostics
import AuraLedger

extension HealReport {
    /// One ledger attempt per plan item: what was found, the candidate tried, the policy's
    /// decision and the outcome.
    /// A plan item with rejected rounds before its last candidate has one attempt per round.
    public func attemptRecords(session: String?, healCommit: String?, at: Double) -> [AttemptRecord] {
        items.flatMap { item in
            let message = UntrustedText.clean(item.message)
            var records = item.rounds.enumerated().map { index, round in
                var record = AttemptRecord(
                    sessionID: session, code: item.code, message: message, path: item.path, line: item.line,
                    provider: round.provider, rule: round.rule, risk: round.risk?.name, confidence: round.confidence,
                    decision: "apply", outcome: "rejected", reason: UntrustedText.clean(round.reason), durationMs: round.durationMs,
                    tokensIn: round.tokens?.input, tokensOut: round.tokens?.output, at: at)
                record.round = index + 1
                record.requests = round.requests > 0 ? round.requests : nil
                record.model = item.model
                return record
            }
            let (decision, outcome, reason) = Self.ledgerOutcome(item.outcome)
            var last = AttemptRecord(
                sessionID: session, code: item.code, message: message, path: item.path, line: item.line,
                provider: item.provider, rule: item.rule, risk: item.risk?.name, confidence: item.confidence,
                decision: decision, outcome: outcome, reason: reason.map { UntrustedText.clean($0) }, durationMs: item.durationMs,
                tokensIn: item.tokens?.input, tokensOut: item.tokens?.output,
                healID: item.outcome == .applied ? healID : nil, healCommit: item.outcome == .applied ? healCommit : nil, at: at)
            last.round = item.rounds.count + 1
            last.requests = item.requests > 0 ? item.requests : nil
            last.model = item.model
            records.append(last)
            return records
        }
    }

    /// Problems with a verified (or verifiable) fix that was not applied: approval needed, or a dry run.
    public var healableCount: Int {
        items.filter { item in
            switch item.outcome {
            case .skipped, .declined, .wouldApply: return item.rule != nil
            default: return false
            }
        }.count
    }

    /// How the session ended, in one word for the ledger.
    public var sessionOutcome: String {
        if healID != nil { return "healed" }
        if items.isEmpty { return "nothing" }
        if pendingCount > 0 { return "pending" }
        return items.contains { if case .rejected = $0.outcome { return true }; return false } ? "rejected" : "unfixable"
    }

    /// The ledger's decision, outcome and reason for a plan outcome.
    public static func ledgerOutcome(_ outcome: PlanItem.Outcome) -> (decision: String, outcome: String, reason: String?) {
        switch outcome {
        case .applied: return ("apply", "applied", nil)
        case .wouldApply: return ("apply", "wouldApply", nil)
        case .rejected(let reason): return ("apply", "rejected", reason)
        case .skipped(let reason): return ("skip", "skipped", reason)
        case .declined: return ("ask", "declined", nil)
        case .noFix: return ("none", "noFix", nil)
        }
    }
}
