#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The safety net under every heal: AURA's history of working-tree snapshots, heals and
/// restores on a hidden ref, with undo and redo (ARCHITECTURE.md §2).
///
/// Invariants: every ref update is compare-and-swap under `UpdateLock` with a reflog
/// message; every working-tree state the store overwrites is first a commit reachable from
/// an aura ref; the user's index is never written.
public final class SnapshotStore {
    public let repository: Repository
    public let refs: AuraRefs
    /// Retries when a non-AURA writer moves a ref between our read and our swap.
    let maxAttempts = 5

    public init(repository: Repository) {
        self.repository = repository
        refs = AuraRefs(worktreeName: repository.worktreeName)
    }

    /// Records the working tree as a snapshot commit on the heal ref and returns it.
    ///
    /// With `allowReuse`, a tip snapshot with the same tree and HEAD is returned instead of a
    /// new commit (the healer snapshots before each session; unchanged trees need no new entry).
    public func snapshot(reason: String, allowReuse: Bool = false) throws -> HistoryEntry {
        try repository.requireWritableState()
        // The expensive part (scanning the working tree) runs before taking the lock.
        var tree = try repository.workingTreeTree()
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        // An operation a killed process left half-done changes the working tree: rescan.
        if try recoverInterruptedOperation() { tree = try repository.workingTreeTree() }
        return try appendSnapshot(tree: tree, reason: reason, allowReuse: allowReuse)
    }

    /// Finishes or reverts an operation a killed process left behind (see `OperationJournal`);
    /// every operation does this first, and the command line does it before any command.
    /// Cheap when there is nothing to do (one `access(2)`, no lock).
    public func recover() throws {
        let inherited = repository.worktreeName != nil
            && !FileManager.default.fileExists(atPath: repository.gitDirectory + "aura/worktree-id")
        let staleRedo = try hasStaleRedo()
        guard inherited || staleRedo || OperationJournal.read(repository).exists else { return }
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        try recoverInterruptedOperation()
        try clearStaleRedo()
    }

    /// A kill between moving the heal ref and clearing redo (in a snapshot or a heal after an
    /// undo) leaves redo naming a commit the new tip already carries as its second parent: its
    /// entries are reachable through the tip, and the redo itself is stale.
    func hasStaleRedo() throws -> Bool {
        guard let redo = try repository.reference(refs.redo), let tip = try repository.reference(refs.heal), redo != tip else { return false }
        return try repository.commit(tip).parents.dropFirst().contains(redo)
    }

    /// Finishes such an interrupted operation: clears the stale redo (nothing becomes unreachable).
    func clearStaleRedo() throws {
        guard try hasStaleRedo(), let redo = try repository.reference(refs.redo) else { return }
        try repository.updateReference(refs.redo, to: nil, expecting: redo, message: "aura: finish an interrupted operation (redo already merged)")
    }

    /// Builds heal commit H on top of snapshot `base`: tree = `base`'s tree with `changes`
    /// applied in memory, first parent `base`. H is not on the history until
    /// `applyToWorkingTree` writes it out; until then the working tree is untouched.
    public func commitHeal(
        base: HistoryEntry, changes: [String: FileChange], trailers: [Trailer], summary: String = "heal"
    ) throws -> HistoryEntry {
        let tree = try repository.updatedTree(base.tree, applying: changes)
        var parents = [base.commit]
        // A heal after an undo clears redo; the undone entries stay reachable through H.
        if let redo = try repository.reference(refs.redo), redo != base.commit { parents.append(redo) }
        let id = Self.makeID(.heal, parent: base.commit, tree: tree)
        var allTrailers = [
            Trailer(AuraTrailer.operation, HistoryEntry.Kind.heal.rawValue),
            Trailer(AuraTrailer.idKey(for: .heal), id),
            Trailer(AuraTrailer.base, base.trailers.value(AuraTrailer.base) ?? "unborn"),
        ]
        if let head = base.trailers.value(AuraTrailer.head) { allTrailers.append(Trailer(AuraTrailer.head, head)) }
        allTrailers.append(Trailer(AuraTrailer.snapshot, base.id))
        allTrailers += try worktreeTrailers()
        allTrailers += trailers
        let message = CommitMessage(subject: "aura heal: \(summary)", trailers: allTrailers)
        let commit = try repository.createCommit(tree: tree, parents: parents, message: message.text)
        return try entry(commit)
    }

    /// Moves the heal ref from `heal`'s snapshot to it, then writes its changed paths to the
    /// working tree (ref first: a crash in between is rolled forward by the next command).
    /// Safe: if the user changed one of those files since the snapshot, nothing is written,
    /// the ref stays at the snapshot and `workingTreeChanged` is thrown; a file the user writes
    /// while it is being replaced keeps their bytes, and the heal is taken back the same way.
    @discardableResult
    public func applyToWorkingTree(_ heal: HistoryEntry) throws -> [String] {
        try repository.requireWritableState()
        let lock = try UpdateLock(repository: repository)
        defer { withExtendedLifetime(lock) {} }
        try recoverInterruptedOperation()
        guard let parent = heal.parent else { throw SnapshotStoreError.notOnHistory(heal.id) }
        let tip = try repository.reference(refs.heal)
        guard tip == parent else {
            throw SnapshotStoreError.historyMoved(expected: parent.short, actual: tip?.short ?? "none")
        }
        let base = try entry(parent)
        let redo = try repository.reference(refs.redo)
        if let redo, redo != parent, !(try repository.commit(heal.commit).parents.contains(redo)) {
            throw SnapshotStoreError.historyMoved(expected: "no pending redo", actual: redo.short)
        }
        var moves = [RefMove(name: refs.heal, old: parent, new: heal.commit, message: "aura: heal \(heal.id)")]
        if let redo { moves.append(RefMove(name: refs.redo, old: redo, new: nil, message: "aura: heal clears redo")) }
        return try transition(from: base.tree, to: heal.tree, moves: moves, entry: heal.id, operation: "apply")
    }

    // MARK: - Internals shared by the operations (callers hold UpdateLock)

    /// Appends a snapshot of `tree` to the chain (or reuses the tip); clears redo when appending.
    func appendSnapshot(tree: ObjectID, reason: String, allowReuse: Bool) throws -> HistoryEntry {
        let head = try repository.head()
        let baseText = head.commit?.hex ?? "unborn"
        for attempt in 1...maxAttempts {
            let tip = try repository.reference(refs.heal)
            if allowReuse, let tip, let tipEntry = try? entry(tip), tipEntry.kind == .snapshot,
                tipEntry.tree == tree, tipEntry.trailers.value(AuraTrailer.base) == baseText {
                return tipEntry
            }
            let id = Self.makeID(.snapshot, parent: tip, tree: tree)
            var headText = "detached"
            switch head {
            case .unborn(let branch), .branch(let branch, _): headText = branch
            case .detached: break
            }
            let message = try CommitMessage(subject: "aura snapshot: \(reason)", trailers: [
                Trailer(AuraTrailer.operation, HistoryEntry.Kind.snapshot.rawValue),
                Trailer(AuraTrailer.idKey(for: .snapshot), id),
                Trailer(AuraTrailer.base, baseText),
                Trailer(AuraTrailer.head, headText),
            ] + worktreeTrailers())
            do {
                let commit = try appendCommit(tree: tree, message: message.text, tip: tip, reflog: "aura: snapshot \(id)")
                return try entry(commit)
            } catch GitError.referenceMoved where attempt < maxAttempts {
                usleep(UInt32.random(in: 1_000...10_000))
            }
        }
        throw SnapshotStoreError.historyMoved(expected: "a stable heal ref", actual: "concurrent writes")
    }

    /// Commits `tree` on top of `tip` and swaps the heal ref to it. A pending redo is cleared,
    /// but stays reachable as the new commit's second parent: nothing undone is ever dropped.
    func appendCommit(tree: ObjectID, message: String, tip: ObjectID?, reflog: String) throws -> ObjectID {
        var parents = tip.map { [$0] } ?? []
        let redo = try repository.reference(refs.redo)
        // No graph walk to test whether redo is already an ancestor: git_graph_descendant_of
        // visits the whole history (undo would slow down as it grows). Redo is only ever
        // behind the tip after a crash, and then a redundant parent is harmless.
        if let redo, redo != tip { parents.append(redo) }
        let commit = try repository.createCommit(tree: tree, parents: parents, message: message)
        try repository.updateReference(refs.heal, to: commit, expecting: tip, message: reflog)
        if let redo { try repository.updateReference(refs.redo, to: nil, expecting: redo, message: "\(reflog) clears redo") }
        return commit
    }

    /// Reads the history entry for an AURA commit.
    func entry(_ commit: ObjectID) throws -> HistoryEntry {
        guard let entry = HistoryEntry(try repository.commit(commit)) else {
            throw GitError.notFound("AURA entry for commit \(commit.short)")
        }
        return entry
    }

    /// A short id derived from what makes the commit unique (kind, parent, tree) plus the
    /// moment and process that made it, so two identical snapshots still get distinct ids.
    static func makeID(_ kind: HistoryEntry.Kind, parent: ObjectID?, tree: ObjectID) -> String {
        let sequence = UInt64.random(in: 0...UInt64.max)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seed = "\(kind.rawValue)\n\(parent?.hex ?? "")\n\(tree.hex)\n\(now.tv_sec).\(now.tv_nsec)\n\(getpid())\n\(sequence)"
        return kind.idPrefix + ObjectID.hashing(Array(seed.utf8)).short
    }
}
