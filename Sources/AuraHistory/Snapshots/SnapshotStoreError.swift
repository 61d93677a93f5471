import AuraGit

/// Why the snapshot store refused an operation. Refusals leave everything as it was.
public enum SnapshotStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No heal or restore on the history to take back.
    case nothingToUndo
    /// No undone entry waiting to be redone.
    case nothingToRedo
    /// The user edited paths of `entry` since it was applied; `force` would snapshot and overwrite.
    case workingTreeChanged(entry: String, operation: String, paths: [String])
    /// No entry has an id (or commit id) starting with this.
    case unknownID(String)
    /// Several entries match this prefix.
    case ambiguousID(String, candidates: [String])
    /// `undo --to` named an entry that is not on the current history.
    case notOnHistory(String)
    /// The history moved between `commitHeal` and `applyToWorkingTree` (another process wrote it).
    case historyMoved(expected: String, actual: String)
    /// `prune(keep:)` needs at least one entry.
    case invalidKeep(Int)
    /// Another process wrote into `paths` while they were being replaced (it had them open
    /// across the swap); the operation completed and those bytes were saved as `snapshot`.
    case concurrentWrite(entry: String, operation: String, paths: [String], snapshot: String)

    public var description: String {
        switch self {
        case .nothingToUndo:
            return "nothing to undo: no heal or restore on the AURA history"
        case .nothingToRedo:
            return "nothing to redo"
        case .workingTreeChanged(let entry, let operation, let paths):
            let refusal = "refusing to \(operation) \(entry): \(paths.sorted().joined(separator: ", ")) changed since"
            switch operation {
            case "undo": return refusal + "; use --force to snapshot your edits first and undo anyway"
            case "apply": return refusal + "; the heal was not applied and the history is unchanged"
            default: return refusal + "; nothing was written (save or restore those files, then retry)"
            }
        case .unknownID(let id):
            return "no snapshot or heal with id '\(id)' (see `git aura snapshots`)"
        case .ambiguousID(let id, let candidates):
            return "id '\(id)' is ambiguous: \(candidates.joined(separator: ", "))"
        case .notOnHistory(let id):
            return "\(id) is not on the current history (it was undone or pruned)"
        case .historyMoved(let expected, let actual):
            return "the AURA history moved (expected \(expected), found \(actual)); another process wrote it, retry"
        case .concurrentWrite(let entry, let operation, let paths, let snapshot):
            return "conflict during \(operation) of \(entry): another process wrote \(paths.sorted().joined(separator: ", "))"
                + " while AURA replaced it; \(operation) finished and those bytes are saved as snapshot \(snapshot)"
                + " (git aura snapshot restore \(snapshot))"
        case .invalidKeep(let keep):
            return "cannot keep \(keep) entries: keep at least 1"
        }
    }
}
