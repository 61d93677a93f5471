import CGit2

extension Repository {
    /// A second handle whose index is empty and in memory, for hashing and smudging single
    /// files with `.gitattributes` filters.
    ///
    /// libgit2's attribute lookup also reads `.gitattributes` from the repository's index, which
    /// means parsing the whole index (~5 ms at 10,000 files) in every process that hashes one
    /// file; undo would then grow with the repository's size. The working-tree
    /// `.gitattributes` files still apply; only a `.gitattributes` that exists in the index but
    /// not on disk (outside a sparse checkout) is not seen.
    func filterHandle() throws -> Repository {
        if let handle = filterHandleStorage { return handle }
        let handle = try reopened()
        var index: OpaquePointer?
        try LibGit2.check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }   // the repository keeps its own reference
        try LibGit2.check(git_repository_set_index(handle.pointer, index), "git_repository_set_index")
        filterHandleStorage = handle
        return handle
    }
}
