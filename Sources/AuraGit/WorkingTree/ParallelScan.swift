#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
import Dispatch

/// `git add -A` of the working tree into an in-memory index, one thread per piece of a
/// `WorkingTreePartition`: what `git_index_add_all` does (a diff of the index against the
/// working tree with untracked files, then each changed path added or removed), but each
/// thread diffs only its piece (libgit2 path lists prune the directory walk) and hashes the
/// files it found changed (`ChangedFileRecorder`: no temporary file for known content).
///
/// libgit2 handles are not shared between threads: the first piece runs on `main` and its
/// index; every other piece opens its own repository handle and reads its own copy of the
/// same index file (same stat data and timestamp, so the same racy-clean decisions). Their
/// changed entries are then copied into the main index on one thread. (Hence `@unchecked
/// Sendable`: `main` and `index` are touched by the first piece only, until all have finished.)
struct ParallelScan: @unchecked Sendable {
    let repository: Repository
    let main: Repository
    let index: OpaquePointer

    /// Applies every piece's changes to `index` and returns the changed paths.
    func run(_ pieces: [[String]]) throws -> [String] {
        let workers = ScanWorkers(count: pieces.count)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { number in
            workers.results[number] = Result { try scan(pieces[number], first: number == 0) }
        }
        var changed: [String] = []
        // Workers hold their indexes until their entries are copied (the entries point into them).
        defer { for case .success(let piece)? in workers.results { piece.release() } }
        for result in workers.results {
            let piece = try result!.get()
            changed += try piece.merge(into: index, isMain: piece.index == index)
        }
        return changed
    }

    private func scan(_ paths: [String], first: Bool) throws -> ScannedPiece {
        let handle = first ? main : try repository.reopened()
        let pieceIndex = first ? index : try repository.openIndexFile()
        var piece = ScannedPiece(repository: handle, index: pieceIndex, ownsIndex: !first)
        do {
            if !first {
                try LibGit2.check(git_repository_set_index(handle.pointer, pieceIndex), "git_repository_set_index")
            }
            piece.changes = try changes(in: paths, repository: handle, index: pieceIndex)
            return piece
        } catch {
            piece.release()
            throw error
        }
    }

    /// The diff of `index` against the working tree within `paths`, applied to `index`.
    private func changes(in paths: [String], repository handle: Repository, index pieceIndex: OpaquePointer) throws -> [ScannedPiece.Change] {
        var options = git_diff_options()
        try LibGit2.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        // The flags git_index_add_all uses, plus exact path lists (no wildcard matching).
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_INCLUDE_UNTRACKED.rawValue
            | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        var diff: OpaquePointer?
        try withStringArray(paths) { list in
            options.pathspec = list
            try LibGit2.check(git_diff_index_to_workdir(&diff, handle.pointer, pieceIndex, &options), "git_diff_index_to_workdir")
        }
        defer { git_diff_free(diff) }
        var result: [ScannedPiece.Change] = []
        let recorder = ChangedFileRecorder(repository: handle, index: pieceIndex)
        for number in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, number), let oldPath = delta.pointee.old_file.path else { continue }
            // Entries outside the sparse checkout are absent on disk by design: keep them.
            if isOutsideSparseCheckout(pieceIndex, oldPath) { continue }
            if isUntrackedNestedRepository(oldPath) { continue }
            if delta.pointee.new_file.flags & GIT_DIFF_FLAG_EXISTS.rawValue == 0 {
                try LibGit2.check(git_index_remove_bypath(pieceIndex, oldPath), "git_index_remove_bypath")
                result.append(.removed(String(cString: oldPath)))
            } else if let newPath = delta.pointee.new_file.path {
                try recorder.add(newPath)
                result.append(.added(String(cString: newPath)))
            }
        }
        return result
    }
}

/// One piece's outcome: its handle, its index (already updated) and what changed in it.
struct ScannedPiece {
    enum Change {
        case added(String)
        case removed(String)
    }

    let repository: Repository
    let index: OpaquePointer
    let ownsIndex: Bool
    var changes: [Change] = []

    init(repository: Repository, index: OpaquePointer, ownsIndex: Bool) {
        self.repository = repository
        self.index = index
        self.ownsIndex = ownsIndex
    }

    /// Copies this piece's changed entries into `target` (nothing to copy for the main piece,
    /// which worked on `target` itself) and returns the changed paths.
    func merge(into target: OpaquePointer, isMain: Bool) throws -> [String] {
        var paths: [String] = []
        for change in changes {
            switch change {
            case .added(let path):
                paths.append(path)
                if isMain { continue }
                guard let entry = git_index_get_bypath(index, path, 0) else { throw GitError.notFound("index entry \(path)") }
                // git_index_add_bypath also resolves a conflict on the path; so does this.
                _ = git_index_conflict_remove(target, path)
                try LibGit2.check(git_index_add(target, entry), "git_index_add(\(path))")
            case .removed(let path):
                paths.append(path)
                if isMain { continue }
                try LibGit2.check(git_index_remove_bypath(target, path), "git_index_remove_bypath(\(path))")
            }
        }
        return paths
    }

    func release() {
        if ownsIndex { git_index_free(index) }
    }
}

/// Where the concurrent pieces leave their results: each writes only its own slot of a
/// buffer allocated up front (no array copy-on-write check racing between threads).
private final class ScanWorkers: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Result<ScannedPiece, Error>?>
    init(count: Int) {
        results = .allocate(capacity: count)
        results.initialize(repeating: nil)
    }
    deinit {
        results.deinitialize()
        results.deallocate()
    }
}
