/// The reference names of one worktree's AURA history (ARCHITECTURE.md §2).
///
/// Linked worktrees share `refs/`, so each gets its own namespace:
/// `refs/aura/wt/<name>/heal` instead of `refs/aura/heal`.
public struct AuraRefs: Equatable, Sendable {
    /// Tip of the first-parent chain of snapshot, heal and restore commits.
    public let heal: String
    /// The tip before the first of the current run of undos; nil-valued (absent) when nothing can be redone.
    public let redo: String

    public init(worktreeName: String?) {
        let prefix = worktreeName.map { "refs/aura/wt/\($0)/" } ?? "refs/aura/"
        heal = prefix + "heal"
        redo = prefix + "redo"
    }
}

/// Trailer keys AURA writes (git interpret-trailers format).
public enum AuraTrailer {
    /// `snapshot`, `heal` or `restore`.
    public static let operation = "Aura-Op"
    /// The HEAD commit when the entry was made, or `unborn` before the first commit.
    public static let base = "Aura-Base"
    /// The ref HEAD named (`refs/heads/main`) or `detached`.
    public static let head = "Aura-Head"
    /// On a heal or restore: the id of the snapshot it applies to (its first parent).
    public static let snapshot = "Aura-Snapshot"
    /// On a restore: the id of the entry whose tree was restored.
    public static let restores = "Aura-Restores"
    /// In a linked worktree: the id of the worktree that wrote the entry (see SnapshotStore+Worktree).
    public static let worktree = "Aura-Worktree"

    /// The id trailer for each kind of entry.
    static func idKey(for kind: HistoryEntry.Kind) -> String {
        switch kind {
        case .snapshot: return "Aura-Snapshot-Id"
        case .heal: return "Aura-Heal-Id"
        case .restore: return "Aura-Restore-Id"
        }
    }
}
