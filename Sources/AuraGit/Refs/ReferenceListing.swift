import CGit2

extension Repository {
    /// Names of references matching a glob such as `refs/heads/aura/heal/*`, sorted.
    public func referenceNames(matching glob: String) throws -> [String] {
        var iterator: OpaquePointer?
        try LibGit2.check(git_reference_iterator_glob_new(&iterator, pointer, glob), "git_reference_iterator_glob_new(\(glob))")
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while git_reference_next_name(&name, iterator) == 0, let name {
            names.append(String(cString: name))
        }
        return names.sorted()
    }
}
