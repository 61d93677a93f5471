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
/// libgit2 handles are not shared between threads: each piece runs on a repository handle of
/// its own with its own copy of the same index file (`PieceHandles`: same stat data and
/// timestamp, so the same racy-clean decisions). The changed entries of pieces 1, 2, … are
/// then copied into piece 0's index on one thread. (Hence `@unchecked Sendable`: each handle
/// is touched by its own piece only, until all have finished.)
struct ParallelScan: @unchecked Sendable {
    /// One handle per piece; the first one's index receives every change.
    let handles: [PieceHandles.Handle]

    /// Applies every piece's changes to the first handle's index and returns the changed paths.
    func run(_ pieces: [[String]]) throws -> [String] {
        precondition(handles.count == pieces.count, "one handle per piece")
        let results = ThreadSlots<Result<[Change], Error>>(count: pieces.count)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { number in
            results[number] = Result { try changes(in: pieces[number], handles[number]) }
        }
        var changed: [String] = []
        for (number, result) in results.values.enumerated() {
            let changes = try result!.get()
            changed += try Self.merge(changes, from: handles[number].index, into: handles[0].index, isMain: number == 0)
        }
        return changed
    }

    /// The diff of the handle's index against the working tree within `paths`, applied to that index.
    private func changes(in paths: [String], _ handle: PieceHandles.Handle) throws -> [Change] {
        let pieceIndex = handle.index
        var options = git_diff_options()
        try LibGit2.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        // The flags git_index_add_all uses, plus exact path lists (no wildcard matching).
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_INCLUDE_UNTRACKED.rawValue
            | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        var diff: OpaquePointer?
        try withStringArray(paths) { list in
            options.pathspec = list
            try LibGit2.check(git_diff_index_to_workdir(&diff, handle.repository.pointer, pieceIndex, &options), "git_diff_index_to_workdir")
        }
        defer { git_diff_free(diff) }
        var result: [Change] = []
        let recorder = ChangedFileRecorder(repository: handle.repository, index: pieceIndex)
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

    /// A path one piece added (or updated) or removed in its index.
    enum Change {
        case added(String)
        case removed(String)
    }

    /// Copies a piece's changed entries from its index into `target` (nothing to copy for the
    /// main piece, which worked on `target` itself) and returns the changed paths.
    static func merge(_ changes: [Change], from index: OpaquePointer, into target: OpaquePointer, isMain: Bool) throws -> [String] {
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
}
