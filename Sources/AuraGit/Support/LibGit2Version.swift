import CGit2

/// Facts about the libgit2 library loaded at run time (for `git aura doctor`).
public enum LibGit2Runtime {
    /// `1.7.2`.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
