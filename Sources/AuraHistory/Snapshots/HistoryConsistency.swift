import AuraGit

/// Checks that AURA's refs are what the snapshot store expects (`git aura doctor`): every
/// entry on the heal ref's first-parent chain has parseable trailers, each heal or restore
/// names the entry below it, and the redo ref leads back to the heal tip.
public enum HistoryConsistency {
    /// One problem, with the exact command that fixes it.
    public struct Problem: Equatable, Sendable {
        public let message: String
        public let fix: String
    }

    /// Every problem found on `store`'s refs (empty when consistent).
    public static func check(_ store: SnapshotStore) throws -> [Problem] {
        var problems: [Problem] = []
        let repository = store.repository
        let tip = try repository.reference(store.refs.heal)
        var cursor = tip
        var position = 0
        while let commit = cursor {
            guard let info = try? repository.commit(commit) else {
                problems.append(Problem(message: "\(store.refs.heal) reaches \(commit.short), which is missing from the object database",
                                        fix: dropCommand(store.refs.heal, below: nil)))
                break
            }
            guard let entry = HistoryEntry(info) else {
                problems.append(Problem(
                    message: "\(store.refs.heal) entry \(position + 1) (commit \(commit.short)) has no valid AURA trailers (Aura-Op and its id)",
                    fix: dropCommand(store.refs.heal, below: info.parents.first)))
                break
            }
            if entry.kind != .snapshot, let parent = entry.parent, let below = try? repository.commit(parent),
               let belowEntry = HistoryEntry(below), let named = entry.trailers.value(AuraTrailer.snapshot), named != belowEntry.id {
                problems.append(Problem(
                    message: "\(entry.id) says it applies to \(named) but the entry below it is \(belowEntry.id): the chain was rewritten by hand",
                    fix: dropCommand(store.refs.heal, below: parent)))
                break
            }
            cursor = entry.parent
            position += 1
        }
        if let redo = try repository.reference(store.refs.redo) {
            if let reason = redoProblem(store, redo: redo, tip: tip) {
                problems.append(Problem(message: "\(store.refs.redo) (\(redo.short)) \(reason); `git aura redo` cannot use it",
                                        fix: "git update-ref -d \(store.refs.redo)"))
            }
        }
        return problems
    }

    /// Why the redo ref is not a path of AURA entries back to the heal tip, or nil when it is.
    static func redoProblem(_ store: SnapshotStore, redo: ObjectID, tip: ObjectID?) -> String? {
        var cursor: ObjectID? = redo
        while let commit = cursor, commit != tip {
            guard let info = try? store.repository.commit(commit) else { return "points to a missing commit" }
            guard let entry = HistoryEntry(info) else { return "points to \(commit.short), which is not an AURA entry" }
            cursor = entry.parent
        }
        return cursor == tip ? nil : "does not lead back to the tip of \(store.refs.heal)"
    }

    /// Moves the ref below the damaged part (the old tip stays in the reflog), or deletes it.
    static func dropCommand(_ ref: String, below: ObjectID?) -> String {
        guard let below else { return "git update-ref -d \(ref)" }
        return "git update-ref -m \"aura: drop damaged history\" \(ref) \(below.hex)"
    }
}
