import CGit2

extension Repository {
    /// The subset of `paths` outside the sparse checkout: index entries flagged
    /// skip-worktree. Git neither reads nor writes such paths in the working tree, so neither
    /// does AURA: a file absent there is not "changed since", and it is not written back.
    ///
    /// Without `core.sparseCheckout` the index is not even opened (parsing it costs ~5 ms per
    /// 10,000 files).
    public func sparseExcluded(_ paths: [String]) throws -> Set<String> {
        guard !paths.isEmpty, try GitConfig(repository: self, environment: [:]).bool("core.sparsecheckout") == true else {
            return []
        }
        let index = try openIndexFile()
        defer { git_index_free(index) }
        var excluded = Set<String>()
        for path in paths {
            if let entry = git_index_get_bypath(index, path, 0),
                entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue) != 0 {
                excluded.insert(path)
            }
        }
        return excluded
    }
}
