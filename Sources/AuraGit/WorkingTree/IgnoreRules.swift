import CGit2

extension Repository {
    /// Whether git ignores `path` (relative to the working tree, `/`-separated): the same
    /// `.gitignore`, `.git/info/exclude` and `core.excludesFile` rules `git check-ignore` applies.
    /// A path the rules cannot be evaluated for counts as not ignored, so it is still watched.
    public func isIgnored(_ path: String) -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, pointer, path) == 0 else { return false }
        return ignored == 1
    }
}
