#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import AuraHeal
import AuraLedger
import Logging

extension Invocation {
    /// Records the start of a heal or status session.
    func beginSession(command: String, policy: HealPolicy, dryRun: Bool) {
        record("the session") { ledger in
            try ledger.beginSession(SessionRecord(id: session, trigger: trigger, command: command, policy: policy.mode.rawValue,
                                                  dryRun: dryRun, startedAt: started))
        }
    }

    /// The breaker under `policy`, nil without a ledger (then healing is not stopped: the
    /// ledger being unavailable must not block anything).
    func breakerState(_ policy: CircuitBreakerPolicy) -> BreakerState? {
        guard let ledger else { return nil }
        do {
            let state = try policy.state(in: ledger)
            if state.isOpen {
                logger.warning("circuit breaker open", metadata: ["reason": .string(state.reason),
                                                                  "until": .string(BreakerText.time(state.until ?? 0))])
            }
            return state
        } catch {
            Invocation.warn("could not read the circuit breaker: \(error)")
            return nil
        }
    }

    /// The learned confidence of each rule from the ledger (`aura.learn`); nil when learning is
    /// off or there is no ledger (then nothing is learned, and the policy alone decides).
    func learned(_ settings: LearningSettings) -> LearnedConfidence? {
        guard let ledger else { return nil }
        do { return try LearnedConfidence.load(settings, from: ledger, repository: store.repository) } catch {
            Invocation.warn("could not read the learned confidence: \(error)")
            return nil
        }
    }

    /// Closes the breaker (`--reset-breaker`).
    func resetBreaker() {
        record("the breaker reset") { try $0.resetBreaker() }
        logger.notice("circuit breaker reset")
    }

    /// Records a finished heal: its plan items as attempts, the heal (or snapshot) as an
    /// operation, and how the session ended.
    func finishHeal(_ report: HealReport, refBefore: String?, outcome: String? = nil) {
        let now = Ledger.now
        let tip = healTip()
        for item in report.items {
            logger.info("plan item", metadata: [
                "code": .string(item.code), "path": .string(item.path), "line": .stringConvertible(item.line),
                "rule": .string(item.rule ?? "none"), "risk": .string(item.risk?.name ?? "none"),
                "outcome": .string(HealReport.ledgerOutcome(item.outcome).outcome),
                "durationMs": .stringConvertible(item.durationMs ?? 0),
            ])
        }
        if !report.dryRun {
            record("the attempts") { try $0.recordAttempts(report.attemptRecords(session: session, healCommit: report.healID == nil ? nil : tip, at: now)) }
        }
        if let heal = report.healID {
            recordOperations(.heal, entries: [heal], before: refBefore, detail: "\(report.appliedCount) fix(es): " + report.writtenPaths.joined(separator: ", "))
            logger.notice("heal committed", metadata: ["heal": .string(heal), "commit": .string(tip ?? ""), "paths": .array(report.writtenPaths.map { .string($0) })])
        } else if tip != refBefore, let snapshot = report.snapshotID {
            recordOperations(.snapshot, entries: [snapshot], before: refBefore, detail: "before heal")
        }
        let ending = outcome ?? report.sessionOutcome
        record("the session end") { ledger in
            try ledger.endSession(session, outcome: ending, endedAt: now, snapshotID: report.snapshotID, healID: report.healID,
                                  problems: report.items.count, healable: report.healableCount)
        }
        logger.info("session ended", metadata: ["outcome": .string(ending), "seconds": .stringConvertible(now - started)])
    }
}

/// How the breaker is described to people.
enum BreakerText {
    /// `circuit breaker open: … healing paused until 11:42 UTC (…); git aura heal --reset-breaker resumes it`.
    static func open(_ state: BreakerState) -> String {
        "circuit breaker open: \(state.reason); healing is paused until \(time(state.until ?? 0)) "
            + "(checks still run); `git aura heal --reset-breaker` resumes it now"
    }

    /// `2026-05-01 11:42 UTC`.
    static func time(_ seconds: Double) -> String { UTCTime.text(seconds) }
}
