import AuraGit

/// One commit of the AURA history: a snapshot of the working tree, a heal, or a restore.
public struct HistoryEntry: Equatable, Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The working tree as it was (tree = tracked + untracked files, ignored ones left out).
        case snapshot
        /// A fix on top of a snapshot: `git diff <snapshot> <heal>` is exactly the fix.
        case heal
        /// A snapshot's tree written back to the working tree; its parent is the state it replaced.
        case restore

        /// The id prefix for this kind (`s-`, `h-`, `r-`).
        public var idPrefix: String {
            switch self {
            case .snapshot: return "s-"
            case .heal: return "h-"
            case .restore: return "r-"
            }
        }

        /// Heals and restores changed the working tree, so undo can take them back.
        public var isUndoable: Bool { self != .snapshot }
    }

    /// Short stable id (`h-4f2a9c1`): fixed when the commit is made and kept in a trailer,
    /// so it survives `prune` rewriting the commit.
    public let id: String
    public let kind: Kind
    public let commit: ObjectID
    public let tree: ObjectID
    /// The first parent (the previous entry of the chain), nil for the oldest.
    public let parent: ObjectID?
    /// HEAD when the entry was made (`Aura-Base`), nil before the first commit.
    public let base: ObjectID?
    /// Why it was made: the snapshot reason or the heal's summary.
    public let reason: String
    /// Commit time, seconds since the epoch.
    public let time: Int64
    public let trailers: [Trailer]

    /// Reads an entry from an AURA commit; nil for a commit AURA did not write.
    public init?(_ commit: CommitInfo) {
        let trailers = CommitMessage.trailers(of: commit.message)
        guard let op = trailers.value(AuraTrailer.operation), let kind = Kind(rawValue: op),
            let id = trailers.value(AuraTrailer.idKey(for: kind))
        else { return nil }
        self.id = id
        self.kind = kind
        self.commit = commit.id
        self.tree = commit.tree
        self.parent = commit.parents.first
        self.base = trailers.value(AuraTrailer.base).flatMap { ObjectID(hex: $0) }
        let prefix = "aura \(kind.rawValue): "
        reason = commit.summary.hasPrefix(prefix) ? String(commit.summary.dropFirst(prefix.count)) : commit.summary
        time = commit.time
        self.trailers = trailers
    }
}

/// The AURA history of one worktree.
public struct History: Equatable, Sendable {
    /// The first-parent chain from `refs/aura/heal`, newest first.
    public let entries: [HistoryEntry]
    /// Entries undone and not yet redone (between the tip and `refs/aura/redo`), newest first.
    public let redoable: [HistoryEntry]

    /// Heals and restores that `undo` can take back, newest first.
    public var undoable: [HistoryEntry] { entries.filter { $0.kind.isUndoable } }
}

/// What `undo` did.
public struct UndoOutcome: Equatable, Sendable {
    /// The heals/restores taken back, newest first.
    public let undone: [HistoryEntry]
    /// Paths written in the working tree.
    public let restoredPaths: [String]
    /// With `force`: the snapshot of the user's edits taken before overwriting them.
    public let safetySnapshot: HistoryEntry?
}

/// What `redo` did.
public struct RedoOutcome: Equatable, Sendable {
    public let redone: HistoryEntry
    public let writtenPaths: [String]
}

/// What `restore` did.
public struct RestoreOutcome: Equatable, Sendable {
    /// The snapshot of the working tree taken just before it was overwritten.
    public let before: HistoryEntry
    /// The restore entry (nil when the working tree already matched: nothing was written).
    public let restore: HistoryEntry?
    public let writtenPaths: [String]
}

/// What `prune` did.
public struct PruneOutcome: Equatable, Sendable {
    public let kept: Int
    public let removed: Int
    /// The tip before pruning; it stays in the reflog of the heal ref until git expires it.
    public let previousTip: ObjectID?
}
