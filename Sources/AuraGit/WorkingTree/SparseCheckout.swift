// FoundationEssentials, not Foundation: the full module loads ICU, ~5 ms of startup per command.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CGit2

extension Repository {
    /// The subset of `paths` outside the sparse checkout: index entries flagged
    /// skip-worktree. Git neither reads nor writes such paths in the working tree, so neither
    /// does AURA: a file absent there is not "changed since", and it is not written back.
    ///
    /// Without a sparse checkout (`core.sparseCheckout`, or the `info/sparse-checkout` file
    /// that `git sparse-checkout` writes — its config may sit in `config.worktree`, which
    /// libgit2 1.5 does not read) the index is not even opened (~5 ms per 10,000 files).
    public func sparseExcluded(_ paths: [String]) throws -> Set<String> {
        guard !paths.isEmpty else { return [] }
        let sparseFile = FileManager.default.fileExists(atPath: gitDirectory + "info/sparse-checkout")
            || FileManager.default.fileExists(atPath: commonDirectory + "info/sparse-checkout")
        guard try sparseFile || GitConfig(repository: self, environment: [:]).bool("core.sparsecheckout") == true else {
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
