import CGit2

extension Repository {
    /// The name of the external clean/smudge filter driver `.gitattributes` assigns to `path`
    /// (`filter=lfs` with `filter.lfs.clean`, `.smudge` or `.process` configured), or nil.
    ///
    /// libgit2 runs no external filters: it would hash such a file in its working-tree form
    /// (a false "changed since") and write the stored (clean) form back. AURA refuses to touch
    /// these paths instead (`GitError.externalFilter`).
    public func externalFilter(for path: String) throws -> String? {
        var value: UnsafePointer<CChar>?
        let code = git_attr_get(&value, try filterHandle().pointer, 0, path, "filter")
        guard code == 0, git_attr_value(value) == GIT_ATTR_VALUE_STRING, let value else { return nil }
        let name = String(cString: value)
        let config = try GitConfig(repository: self, environment: [:])
        let configured = ["clean", "smudge", "process"].contains { config.string("filter.\(name).\($0)") != nil }
        return configured ? name : nil
    }
}
