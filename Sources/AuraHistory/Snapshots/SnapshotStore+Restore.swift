import AuraGit

extension SnapshotStore {
    /// Makes the working tree match the entry `id` again (every path of its tree; files it
    /// lacks are deleted; ignored files untouched). The current state is snapshotted first and
    /// the restore is itself an entry, so `undo` takes it back.
    @discardableResult
    public func restore(_ id: String) throws -> RestoreOutcome {
        try restore(resolve(id))
    }

    /// See `restore(_:)` with an id.
    @discardableResult
    public func restore(_ target: HistoryEntry) throws -> RestoreOutcome {
        try repository.requireWritableState()
        var tree = try repository.workingTreeTree()
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        if try recoverInterruptedOperation() { tree = try repository.workingTreeTree() }
        let before = try appendSnapshot(tree: tree, reason: "before restore of \(target.id)", allowReuse: true)
        if before.tree == target.tree { return RestoreOutcome(before: before, restore: nil, writtenPaths: []) }

        let id = Self.makeID(.restore, parent: before.commit, tree: target.tree)
        var trailers = [
            Trailer(AuraTrailer.operation, HistoryEntry.Kind.restore.rawValue),
            Trailer(AuraTrailer.idKey(for: .restore), id),
        ]
        trailers += before.trailers.filter { $0.key == AuraTrailer.base || $0.key == AuraTrailer.head }
        trailers += [Trailer(AuraTrailer.snapshot, before.id), Trailer(AuraTrailer.restores, target.id)]
        trailers += try worktreeTrailers()
        let message = CommitMessage(subject: "aura restore: \(target.id) (\(target.reason))", trailers: trailers)
        // A pending redo is cleared but stays reachable as a second parent (as in appendCommit).
        let redo = try repository.reference(refs.redo)
        let parents = [before.commit] + (redo.map { $0 == before.commit ? [] : [$0] } ?? [])
        let commit = try repository.createCommit(tree: target.tree, parents: parents, message: message.text)
        var moves = [RefMove(name: refs.heal, old: before.commit, new: commit, message: "aura: restore \(target.id)")]
        if let redo { moves.append(RefMove(name: refs.redo, old: redo, new: nil, message: "aura: restore \(target.id) clears redo")) }
        // Ref first, then the files: the state being replaced is `before`, already on the history.
        let written = try transition(from: before.tree, to: target.tree, moves: moves, entry: target.id, operation: "restore")
        return RestoreOutcome(before: before, restore: try entry(commit), writtenPaths: written)
    }

    /// Keeps the newest `keep` entries of the history (one more when the oldest kept is a heal
    /// or restore, so it stays undoable) and drops older ones, so git can
    /// collect them. The kept entries are rewritten without the dropped ancestors (same trees,
    /// messages, ids and times); the entries waiting for redo are carried over. The previous
    /// tip stays in the heal ref's reflog, so a prune can be reversed until git expires it.
    @discardableResult
    public func prune(keep: Int) throws -> PruneOutcome {
        guard keep >= 1 else { throw SnapshotStoreError.invalidKeep(keep) }
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        try recoverInterruptedOperation()
        let tip = try repository.reference(refs.heal)
        let chain = try history().entries
        // A heal or restore is only undoable with the entry below it: never cut between them.
        var keep = keep
        if chain.count > keep, chain[keep - 1].kind.isUndoable { keep += 1 }
        guard chain.count > keep, let tip else {
            return PruneOutcome(kept: chain.count, removed: 0, previousTip: tip)
        }
        let redo = try repository.reference(refs.redo)
        let redoEntries = try redo.map { try redoPath(tip: tip, redo: $0) } ?? []

        var parent: ObjectID?
        for old in chain.prefix(keep).reversed() { parent = try rewrite(old, onto: parent) }
        let newTip = parent!
        var newRedo = newTip
        for old in redoEntries { newRedo = try rewrite(old, onto: newRedo) }

        let message = "aura: prune keep \(keep) (was \(tip.hex))"
        try repository.updateReference(refs.heal, to: newTip, expecting: tip, message: message)
        if let redo {
            try repository.updateReference(
                refs.redo, to: redoEntries.isEmpty ? nil : newRedo, expecting: redo, message: message)
        }
        return PruneOutcome(kept: keep, removed: chain.count - keep, previousTip: tip)
    }

    /// A copy of `entry`'s commit with `parent` as its only parent, keeping its committer time.
    private func rewrite(_ entry: HistoryEntry, onto parent: ObjectID?) throws -> ObjectID {
        let original = try repository.commit(entry.commit)
        return try repository.createCommit(
            tree: original.tree, parents: parent.map { [$0] } ?? [], message: original.message, time: original.time)
    }
}
