import CGit2

extension Repository {
    /// The tree of the staged content: what `git commit` is about to record.
    ///
    /// Reads the index git handed to the hook (`GIT_INDEX_FILE`: `.git/index`, `.git/index.lock`
    /// for `commit -a`, `.git/next-index-*.lock` for `commit PATHS`) and writes its tree objects to
    /// the object database — the equivalent of `git write-tree`. The index file is never written.
    public func stagedTree() throws -> ObjectID {
        let index = try openIndexFile()
        defer { git_index_free(index) }
        var tree = git_oid()
        try LibGit2.check(git_index_write_tree_to(&tree, index, pointer), "git_index_write_tree_to")
        return ObjectID(tree)
    }

    /// Opens the index file (`indexPath`) in memory; the caller frees it. A sparse index
    /// (`index.sparse=true`), which libgit2 1.5 cannot read, is a clear error.
    func openIndexFile() throws -> OpaquePointer {
        var index: OpaquePointer?
        let code = git_index_open(&index, indexPath)
        if code < 0 {
            let failure = LibGit2.failure(code, "git_index_open(\(indexPath))")
            // libgit2 1.5 rejects the "sdir" extension of a sparse index.
            if case .libgit2(let detail) = failure, detail.message.contains("sdir") || detail.message.contains("extension") {
                throw GitError.sparseIndexUnsupported(indexPath: indexPath)
            }
            throw failure
        }
        return index!
    }

    /// The tree of HEAD's commit, or nil before the first commit.
    public func headTree() throws -> ObjectID? {
        switch try head() {
        case .unborn: return nil
        case let .branch(_, commit), let .detached(commit): return try self.commit(commit).tree
        }
    }
}
