#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

extension Repository {
    /// The tree of the working tree as it is now: tracked and untracked files, ignored files
    /// left out, sparse-checkout (skip-worktree) entries kept as they are in the index.
    ///
    /// The user's index file is read for its stat cache (so unchanged files are not re-hashed)
    /// but never written: the index lives in memory on a dedicated repository handle and is
    /// dropped afterwards (LIBGIT2.md, "Snapshot of the working tree").
    ///
    /// A file rewritten while it is being read (an editor saving, a build writing) makes
    /// libgit2 fail with "failed to read file into stream"; the scan is then retried a few times.
    public func workingTreeTree() throws -> ObjectID {
        var attempt = 0
        while true {
            do {
                return try scanWorkingTree()
            } catch let error as GitError where error.libgit2Code != nil && attempt < 4 {
                attempt += 1
                usleep(UInt32.random(in: 5_000...20_000) * UInt32(attempt))
            }
        }
    }

    private func scanWorkingTree() throws -> ObjectID {
        let dedicated = try reopened()
        var index: OpaquePointer?
        let openCode = git_index_open(&index, indexPath)
        if openCode < 0 {
            let failure = LibGit2.failure(openCode, "git_index_open(\(indexPath))")
            // libgit2 1.5 rejects the "sdir" extension of a sparse index.
            if case .libgit2(let detail) = failure, detail.message.contains("sdir") || detail.message.contains("extension") {
                throw GitError.sparseIndexUnsupported(indexPath: indexPath)
            }
            throw failure
        }
        defer { git_index_free(index) }
        try LibGit2.check(git_repository_set_index(dedicated.pointer, index), "git_repository_set_index")
        try withStringArray([]) { pathspec in
            let payload = UnsafeMutableRawPointer(index!)
            try LibGit2.check(
                git_index_add_all(index, &pathspec, GIT_INDEX_ADD_DEFAULT.rawValue, { path, _, payload in
                    // Entries outside the sparse checkout are absent on disk by design:
                    // skip them, or add_all would record them as deleted.
                    guard let path, let payload else { return 0 }
                    let index = OpaquePointer(payload)
                    guard let entry = git_index_get_bypath(index, path, 0) else { return 0 }
                    let skipWorktree = UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)
                    return entry.pointee.flags_extended & skipWorktree != 0 ? 1 : 0
                }, payload),
                "git_index_add_all")
        }
        var oid = git_oid()
        try LibGit2.check(git_index_write_tree_to(&oid, index, dedicated.pointer), "git_index_write_tree")
        return ObjectID(oid)
    }

    /// The blob id the working-tree file at `path` would get if added (clean filters applied),
    /// or nil when there is no regular file or link there.
    public func workingTreeBlobID(at path: String) throws -> ObjectID? {
        let fullPath = workingDirectory + path
        var info = stat()
        guard lstat(fullPath, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFLNK {
            var buffer = [CChar](repeating: 0, count: 4097)
            let length = readlink(fullPath, &buffer, 4096)
            guard length >= 0 else { return nil }
            return ObjectID.hashing(buffer.prefix(length).map { UInt8(bitPattern: $0) })
        }
        guard kind == S_IFREG else { return nil }
        var oid = git_oid()
        try LibGit2.check(
            git_repository_hashfile(&oid, pointer, fullPath, GIT_OBJECT_BLOB, path), "git_repository_hashfile(\(path))")
        return ObjectID(oid)
    }
}
