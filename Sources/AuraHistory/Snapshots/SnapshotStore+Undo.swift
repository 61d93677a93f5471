import AuraGit

extension SnapshotStore {
    /// Takes back the newest heal or restore on the history: its paths get their previous
    /// content back, the heal ref moves below it and `refs/aura/redo` keeps it for `redo`.
    ///
    /// Refuses (`workingTreeChanged`) when the user edited one of those paths since; with
    /// `force`, snapshots the working tree first (so the edits stay recoverable) and overwrites.
    @discardableResult
    public func undo(force: Bool = false) throws -> UndoOutcome {
        try undo(through: nil, force: force)
    }

    /// Takes back every heal and restore newer than the entry `id` (a prefix is enough); when
    /// `id` names a heal or restore, that one too. Checks every step before writing anything.
    @discardableResult
    public func undo(to id: String, force: Bool = false) throws -> UndoOutcome {
        try undo(through: try resolve(id), force: force)
    }

    /// Re-applies the oldest undone heal or restore, if the working tree still holds what the
    /// undo left on its paths.
    @discardableResult
    public func redo() throws -> RedoOutcome {
        try repository.requireWritableState()
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        try recoverInterruptedOperation()
        guard let tip = try repository.reference(refs.heal), let redo = try repository.reference(refs.redo) else {
            throw SnapshotStoreError.nothingToRedo
        }
        let path = try redoPath(tip: tip, redo: redo)   // oldest first
        guard let index = path.firstIndex(where: { $0.kind.isUndoable }) else { throw SnapshotStoreError.nothingToRedo }
        let change = path[index]
        guard let parentCommit = change.parent else { throw SnapshotStoreError.nothingToRedo }
        let parent = try entry(parentCommit)
        // Snapshots taken after the change (before it was undone) come back with it.
        let next = path[(index + 1)...].firstIndex(where: { $0.kind.isUndoable })
        let newTip = next.map { path[$0 - 1].commit } ?? redo
        var moves = [RefMove(name: refs.heal, old: tip, new: newTip, message: "aura: redo \(change.id)")]
        if newTip == redo {
            moves.append(RefMove(name: refs.redo, old: redo, new: nil, message: "aura: redo \(change.id) (all redone)"))
        }
        let written = try transition(from: parent.tree, to: change.tree, moves: moves, entry: change.id, operation: "redo")
        return RedoOutcome(redone: change, writtenPaths: written)
    }

    /// Undoes the changes above `target` (and `target` itself if it is a change); nil: the newest one.
    private func undo(through target: HistoryEntry?, force: Bool) throws -> UndoOutcome {
        try repository.requireWritableState()
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        try recoverInterruptedOperation()
        // Read under the lock: what is undone is exactly what is on the history now.
        let steps = try undoSteps(through: target)
        if steps.isEmpty { throw SnapshotStoreError.nothingToUndo }

        // Check all steps against the working tree before writing anything. A path below a
        // symbolic link is refused first, so --force does not even snapshot.
        for step in steps {
            for path in try workingTreePaths(from: step.change.tree, to: step.parent.tree) {
                if let link = repository.linkedParent(of: path) { throw GitError.symlinkInPath(path: path, link: link) }
                if let filter = try repository.externalFilter(for: path) { throw GitError.externalFilter(path: path, filter: filter) }
            }
        }
        let conflicts = try simulate(steps)
        var safetySnapshot: HistoryEntry?
        if let conflict = conflicts {
            guard force else { throw conflict }
            let tree = try repository.workingTreeTree()
            safetySnapshot = try appendSnapshot(
                tree: tree, reason: "before forced undo of \(steps.map(\.change.id).joined(separator: ", "))",
                allowReuse: true)
        }

        var written = Set<String>()
        // With --force only content that is in a commit may be overwritten: what the safety
        // snapshot saved, and what earlier steps of this undo wrote.
        var accepted = safetySnapshot.map { [$0.tree] } ?? []
        for step in steps {
            let tip = try repository.reference(refs.heal)!
            // Keep what is being undone reachable (redo) in the same journaled step that moves
            // the tip below it.
            let redo = try repository.reference(refs.redo)
            let redoLeadsToTip = try redo.map { try $0 == tip || !redoPath(tip: tip, redo: $0).isEmpty } ?? false
            var moves: [RefMove] = []
            if !redoLeadsToTip {
                moves.append(RefMove(name: refs.redo, old: redo, new: tip, message: "aura: undo \(step.change.id)"))
            }
            moves.append(RefMove(name: refs.heal, old: tip, new: step.parent.commit, message: "aura: undo \(step.change.id)"))
            written.formUnion(try transition(
                from: step.change.tree, to: step.parent.tree, moves: moves, entry: step.change.id, operation: "undo",
                accepted: accepted))
            if safetySnapshot != nil { accepted.append(step.parent.tree) }
        }
        return UndoOutcome(undone: steps.map(\.change), restoredPaths: written.sorted(), safetySnapshot: safetySnapshot)
    }

    private struct UndoStep {
        let change: HistoryEntry
        let parent: HistoryEntry
    }

    /// The heals/restores from the tip down to `target` (the newest one when nil), newest
    /// first, each with the entry below it.
    private func undoSteps(through target: HistoryEntry?) throws -> [UndoStep] {
        var steps: [UndoStep] = []
        var cursor = try repository.reference(refs.heal)
        while let commit = cursor {
            let current = try entry(commit)
            if current.kind.isUndoable, let parent = current.parent {
                steps.append(UndoStep(change: current, parent: try entry(parent)))
            }
            if let target, commit == target.commit { return steps }
            if target == nil, !steps.isEmpty { return steps }
            cursor = current.parent
        }
        if let target { throw SnapshotStoreError.notOnHistory(target.id) }
        return steps
    }

    /// Replays the undo steps against the files on disk; the first refusal, or nil if all pass.
    private func simulate(_ steps: [UndoStep]) throws -> SnapshotStoreError? {
        var disk: [String: TreeEntry?] = [:]
        for step in steps {
            var conflicts: [String] = []
            for path in try workingTreePaths(from: step.change.tree, to: step.parent.tree) {
                let current = try disk[path] ?? repository.settledWorkingTreeFile(at: path)
                let before = try repository.entry(at: path, inTree: step.parent.tree)
                let after = try repository.entry(at: path, inTree: step.change.tree)
                if try !repository.workingTreeFile(current, matches: after) && !repository.workingTreeFile(current, matches: before) {
                    conflicts.append(path)
                }
                disk[path] = .some(before)
            }
            if !conflicts.isEmpty {
                return .workingTreeChanged(entry: step.change.id, operation: "undo", paths: conflicts)
            }
        }
        return nil
    }

    /// The entries between the tip (exclusive) and the redo ref (inclusive), oldest first;
    /// empty when the redo ref does not lead back to the tip (then there is nothing to redo).
    func redoPath(tip: ObjectID?, redo: ObjectID) throws -> [HistoryEntry] {
        var path: [HistoryEntry] = []
        var cursor: ObjectID? = redo
        while let commit = cursor, commit != tip {
            let current = try entry(commit)
            path.append(current)
            cursor = current.parent
        }
        guard cursor == tip else { return [] }
        return path.reversed()
    }
}
