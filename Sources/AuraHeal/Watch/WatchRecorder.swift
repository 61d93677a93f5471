import AuraHistory
import AuraLedger

/// Records one watch pass in the ledger as a session with the trigger `watch`: its attempts,
/// the heal operation and how it ended. A ledger write that fails is dropped: the ledger never
/// stops healing (as for every other command).
final class WatchRecorder {
    let ledger: Ledger?
    let store: SnapshotStore
    let session = Ledger.makeSessionID()
    let started = Ledger.now

    init(ledger: Ledger?, store: SnapshotStore) {
        self.ledger = ledger
        self.store = store
    }

    func healTip() -> String? { (try? store.repository.reference(store.refs.heal))?.hex }

    func begin(policy: HealPolicy) {
        try? ledger?.beginSession(SessionRecord(id: session, trigger: "watch", command: "watch", policy: policy.mode.rawValue, startedAt: started))
    }

    func fail() {
        try? ledger?.endSession(session, outcome: "failed")
    }

    /// Attempts, the heal (or the snapshot) as an operation, and the session's end: `deferred`
    /// when fixes wait for the window and nothing was healed.
    func finish(_ report: HealReport, refBefore: String?, deferred: Bool) {
        guard let ledger else { return }
        let now = Ledger.now
        let tip = healTip()
        _ = try? ledger.recordAttempts(report.attemptRecords(session: session, healCommit: report.healID == nil ? nil : tip, at: now))
        if let heal = report.healID {
            _ = try? ledger.recordOperation(OperationRecord(sessionID: session, kind: .heal, entryID: heal, ref: store.refs.heal, refBefore: refBefore,
                                                            refAfter: tip, detail: "\(report.appliedCount) fix(es): " + report.writtenPaths.joined(separator: ", "),
                                                            at: now))
        } else if tip != refBefore, let snapshot = report.snapshotID {
            _ = try? ledger.recordOperation(OperationRecord(sessionID: session, kind: .snapshot, entryID: snapshot, ref: store.refs.heal,
                                                            refBefore: refBefore, refAfter: tip, detail: "before heal", at: now))
        }
        let outcome = report.healID == nil && deferred ? "deferred" : report.sessionOutcome
        try? ledger.endSession(session, outcome: outcome, endedAt: now, snapshotID: report.snapshotID, healID: report.healID,
                               problems: report.items.count, healable: report.healableCount)
    }
}
