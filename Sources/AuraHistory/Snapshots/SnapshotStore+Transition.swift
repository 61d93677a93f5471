#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit

/// How the store changes the working tree: refs first, journal, files, verify; roll back on
/// failure; roll forward or back after a crash (docs/git-aura.md, "Safety guarantees").
extension SnapshotStore {
    /// Moves the refs (`moves`, compare-and-swap in order) and then the working tree from
    /// `from` to `to` on the paths where the two trees differ. Callers hold `UpdateLock`.
    ///
    /// A path already holding `to`'s content is left alone (so an interrupted operation can be
    /// repeated); one holding neither `from` nor `accepted` is a conflict, refused before any
    /// ref moves. Paths outside a sparse checkout are neither checked nor written. When a write
    /// fails or a concurrent writer wins a path, the paths written are put back, the refs move
    /// back, the user's bytes are snapshotted, and the error is thrown. Returns the paths written.
    func transition(
        from: ObjectID, to: ObjectID, moves: [RefMove], entry: String, operation: String, accepted: [ObjectID] = []
    ) throws -> [String] {
        let paths = try workingTreePaths(from: from, to: to)
        // Refusals that "changed since" would misname come first.
        for path in paths {
            if let link = repository.linkedParent(of: path) { throw GitError.symlinkInPath(path: path, link: link) }
            if let filter = try repository.externalFilter(for: path) { throw GitError.externalFilter(path: path, filter: filter) }
        }
        let plan = try planTransition(paths: paths, from: from, to: to, accepted: accepted)
        if !plan.conflicts.isEmpty {
            throw SnapshotStoreError.workingTreeChanged(entry: entry, operation: operation, paths: plan.conflicts)
        }
        let journal = OperationJournal(operation: operation, entry: entry, from: from, to: to, accepted: accepted, moves: moves)
        try journal.write(repository)
        try Self.fault("after-journal")
        do {
            try apply(moves)
        } catch {
            OperationJournal.remove(repository)
            throw error
        }
        try Self.fault("after-refs")
        let result: CheckoutResult
        do {
            result = try repository.checkoutReporting(paths: plan.pending, from: to, baseline: from, alsoAccepting: accepted)
        } catch {
            // Refused before writing anything (a file changed since the plan).
            try rollBack(moves)
            OperationJournal.remove(repository)
            if case GitError.checkoutConflict(let paths) = error {
                throw SnapshotStoreError.workingTreeChanged(entry: entry, operation: operation, paths: paths)
            }
            throw error
        }
        if result.failure != nil || !result.raced.isEmpty {
            // Put back what was written (it holds `to`, which is in a commit too), then the refs.
            let putBack = try? repository.checkoutReporting(paths: result.written, from: from, baseline: to)
            try rollBack(moves)
            OperationJournal.remove(repository)
            _ = try keep(result.displaced + (putBack?.displaced ?? []), entry: entry, operation: operation)
            if !result.raced.isEmpty {
                // The concurrent writer's bytes are back on disk; also keep them in a commit.
                _ = try? appendSnapshot(tree: repository.workingTreeTree(),
                                        reason: "edits made during \(operation) of \(entry)", allowReuse: true)
                throw SnapshotStoreError.workingTreeChanged(entry: entry, operation: operation, paths: result.raced)
            }
            throw result.failure!
        }
        OperationJournal.remove(repository)
        if let snapshot = try keep(result.displaced, entry: entry, operation: operation) {
            throw SnapshotStoreError.concurrentWrite(
                entry: entry, operation: operation, paths: result.displaced.map(\.path), snapshot: snapshot.id)
        }
        return plan.pending.sorted()
    }

    /// Commits bytes another process wrote into files while they were swapped out: a snapshot
    /// of the working tree with those files as they were written. Nil when there are none.
    func keep(_ displaced: [DisplacedWrite], entry: String, operation: String) throws -> HistoryEntry? {
        guard !displaced.isEmpty else { return nil }
        var changes: [String: FileChange] = [:]
        for write in displaced { changes[write.path] = .write(write.bytes) }
        let tree = try repository.updatedTree(repository.workingTreeTree(), applying: changes)
        return try appendSnapshot(tree: tree, reason: "bytes written to \(displaced.map(\.path).sorted().joined(separator: ", ")) during \(operation) of \(entry)",
                                  allowReuse: false)
    }

    /// Crash simulation for tests, at the named points of `transition` ("after-journal",
    /// "after-refs"): the in-process hook may throw (the operation then stops exactly there,
    /// as if the process had died), and `AURA_FAULT=<point>` makes the process SIGKILL itself.
    nonisolated(unsafe) public static var faultInjection: ((String) throws -> Void)?

    static func fault(_ point: String) throws {
        try faultInjection?(point)
        if let spec = getenv("AURA_FAULT"), String(cString: spec) == point { kill(getpid(), SIGKILL) }
    }

    /// The paths where `from` and `to` differ, less those outside a sparse checkout (git
    /// neither reads nor writes them in the working tree).
    func workingTreePaths(from: ObjectID, to: ObjectID) throws -> [String] {
        let paths = try repository.changedPaths(from: from, to: to)
        let sparse = try repository.sparseExcluded(paths)
        return sparse.isEmpty ? paths : paths.filter { !sparse.contains($0) }
    }

    /// Sorts `paths` into those still at `from` or `accepted` (to write), already at `to`, and neither.
    func planTransition(
        paths: [String], from: ObjectID, to: ObjectID, accepted: [ObjectID] = []
    ) throws -> (pending: [String], conflicts: [String]) {
        var pending: [String] = [], conflicts: [String] = []
        for path in paths {
            let onDisk = try repository.settledWorkingTreeFile(at: path)
            if try repository.workingTreeFile(onDisk, matches: repository.entry(at: path, inTree: to)) { continue }
            if try repository.workingTreeFile(onDisk, matches: repository.entry(at: path, inTree: from))
                || accepted.contains(where: { try repository.workingTreeFile(onDisk, matches: repository.entry(at: path, inTree: $0)) }) {
                pending.append(path)
            } else {
                conflicts.append(path)
            }
        }
        return (pending, conflicts)
    }

    /// Applies `moves` in order; on a failure the ones already made are undone.
    func apply(_ moves: [RefMove]) throws {
        for (index, move) in moves.enumerated() {
            do {
                try repository.updateReference(move.name, to: move.new, expecting: move.old, message: move.message)
            } catch {
                try? rollBack(Array(moves[..<index]))
                throw error
            }
        }
    }

    /// Undoes `moves` (newest first), each only if the ref still holds what the move set.
    func rollBack(_ moves: [RefMove]) throws {
        for move in moves.reversed() where try repository.reference(move.name) == move.new {
            try repository.updateReference(move.name, to: move.old, expecting: move.new, message: "aura: roll back \(move.name)")
        }
    }

    /// Finishes or reverts an operation a killed process left in the journal. Called under
    /// `UpdateLock` at the start of every operation; returns whether there was one.
    ///
    /// All refs at their new values: the files were being written — roll forward (paths that
    /// hold neither side were edited since and are left alone). Otherwise no file was written
    /// yet (files follow the refs): put back the refs that had moved.
    @discardableResult
    func recoverInterruptedOperation() throws -> Bool {
        try retireInheritedHistory()
        let (pending, exists) = OperationJournal.read(repository)
        guard exists else { return false }
        guard let journal = pending else {
            OperationJournal.remove(repository)   // torn while being written: nothing had moved
            return true
        }
        let current = try journal.moves.map { try repository.reference($0.name) }
        if current == journal.moves.map(\.new) {
            let paths = try workingTreePaths(from: journal.from, to: journal.to)
            let plan = try planTransition(paths: paths, from: journal.from, to: journal.to, accepted: journal.accepted)
            let safe = plan.pending.filter { repository.linkedParent(of: $0) == nil }
            let result = try repository.checkoutReporting(
                paths: safe, from: journal.to, baseline: journal.from, alsoAccepting: journal.accepted)
            _ = try keep(result.displaced, entry: journal.entry, operation: journal.operation)
            if let failure = result.failure { throw failure }
        } else if zip(current, journal.moves).contains(where: { $0 == $1.new }) {
            try rollBack(journal.moves)
        }
        OperationJournal.remove(repository)
        return true
    }
}
