import AuraGit
import AuraHistory
import AuraLedger

/// Rebuilds the ledger's operation log and applied attempts from the heal history's trailers
/// (`git aura doctor --rebuild-ledger`): git is the source of truth, the ledger its index.
/// The histories of other clones fetched with `git aura fetch` are rebuilt too, each marked
/// with its clone: their operations name the fetched ref (`refs/aura/remotes/<remote>/<clone>/heal`)
/// and their sessions have the trigger `clone <remote>/<clone>`.
///
/// What git does not record is not invented: rejected or declined attempts, breaker events and
/// undo times are lost with a damaged ledger.
public enum LedgerRebuild {
    public struct Summary: Equatable, Sendable {
        public var operations = 0
        public var attempts = 0
        public var sessions = 0
        /// Entries that could not be read (the walk stops at the first one).
        public var unreadable = 0
        /// Fetched histories of other clones that were rebuilt.
        public var clones = 0
    }

    /// Clears the ledger's history tables and refills them from `store`'s heal ref and every
    /// other clone's fetched history.
    @discardableResult
    public static func rebuild(_ ledger: Ledger, from store: SnapshotStore) throws -> Summary {
        var summary = Summary()
        var entries: [HistoryEntry] = []
        var cursor = try store.repository.reference(store.refs.heal)
        while let commit = cursor {
            guard let info = try? store.repository.commit(commit), let entry = HistoryEntry(info) else {
                summary.unreadable += 1
                break
            }
            entries.append(entry)
            cursor = entry.parent
        }
        try ledger.clearHistory()
        var sessions = Set<String>()
        try record(entries, ref: store.refs.heal, trigger: "unknown", label: "", into: ledger, sessions: &sessions, summary: &summary)
        let own = try SharedHistory.cloneID(of: store.repository)
        for history in try SharedHistory.fetchedHistories(in: store.repository) where history.cloneID != own {
            let clone = "\(history.remote)/\(history.cloneID)"
            let ref = SharedHistory.remotesPrefix + clone + "/" + history.ref
            try record(history.entries, ref: ref, trigger: "clone " + clone, label: " (clone \(clone))", into: ledger,
                       sessions: &sessions, summary: &summary)
            summary.clones += 1
        }
        return summary
    }

    /// Records one history's entries (newest first, as walked) oldest first.
    private static func record(_ entries: [HistoryEntry], ref: String, trigger: String, label: String, into ledger: Ledger,
                               sessions: inout Set<String>, summary: inout Summary) throws {
        for entry in entries.reversed() {
            let session = entry.trailers.value("Aura-Session")
            if let session, entry.kind == .heal, sessions.insert(session).inserted {
                var record = SessionRecord(id: session, trigger: trigger, command: "heal", policy: "unknown", startedAt: Double(entry.time))
                record.endedAt = Double(entry.time)
                record.outcome = "healed"
                record.healID = entry.id
                record.snapshotID = entry.trailers.value(AuraTrailer.snapshot)
                try ledger.beginSession(record)
                summary.sessions += 1
            }
            let kind: OperationRecord.Kind = switch entry.kind {
            case .snapshot: .snapshot
            case .heal: .heal
            case .restore: .restore
            }
            try ledger.recordOperation(OperationRecord(
                sessionID: session, kind: kind, entryID: entry.id, ref: ref, refBefore: entry.parent?.hex,
                refAfter: entry.commit.hex, detail: "rebuilt from git\(label): " + entry.reason, at: Double(entry.time)))
            summary.operations += 1
            if entry.kind == .heal {
                let attempts = attempts(of: entry, session: session)
                try ledger.recordAttempts(attempts)
                summary.attempts += attempts.count
            }
        }
    }

    /// The applied attempts a heal commit names: `Aura-Diagnostic: E0201 src/a.aura:9:14`
    /// followed by `Aura-Provider: rules/similar-name`, once per fix.
    static func attempts(of entry: HistoryEntry, session: String?) -> [AttemptRecord] {
        let risk = entry.trailers.value("Aura-Risk")
        let confidence = entry.trailers.value("Aura-Confidence").flatMap(Double.init)
        var result: [AttemptRecord] = []
        for trailer in entry.trailers {
            if trailer.key == "Aura-Diagnostic" {
                let parts = trailer.value.split(separator: " ", maxSplits: 1).map(String.init)
                let location = (parts.count > 1 ? parts[1] : "").split(separator: ":").map(String.init)
                result.append(AttemptRecord(
                    sessionID: session, code: parts.first ?? "", path: location.first ?? "",
                    line: location.count > 1 ? Int(location[1]) ?? 0 : 0, risk: risk, confidence: confidence,
                    decision: "apply", outcome: "applied", healID: entry.id, healCommit: entry.commit.hex, at: Double(entry.time)))
            } else if trailer.key == "Aura-Provider", !result.isEmpty, result[result.count - 1].rule == nil {
                result[result.count - 1].rule = trailer.value
                result[result.count - 1].provider = String(trailer.value.split(separator: "/").first ?? "")
            }
        }
        return result
    }
}
