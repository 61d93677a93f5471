/// The exit statuses every `git aura` command uses (docs/git-aura.md, "Exit status"), named so
/// commands and `CommandFailure` say which one they mean.
enum ExitStatus {
    /// Done.
    static let done: Int32 = 0
    /// Problems remain or the command refused; nothing was changed.
    static let refused: Int32 = 1
    /// `heal` / `status` / `ci`: problems remain that no fix could repair (`run`: compile errors).
    static let unrepaired: Int32 = 2
    /// Usage: an unknown option, key, id or plan item; a value out of range.
    static let usage: Int32 = 64
    /// Repository state: not a repository, bare, an operation in progress, a sparse index.
    static let repositoryState: Int32 = 65
    /// Internal error: a bug, or libgit2 failing for a reason AURA does not know.
    static let internalError: Int32 = 70
    /// I/O error: the operating system refused a write (disk full, file too large, permissions).
    static let ioError: Int32 = 74
    /// Busy: another process holds or moved AURA's refs or a git lock; retry.
    static let busy: Int32 = 75
    /// Configuration: an invalid `aura.*` value.
    static let configuration: Int32 = 78

    /// The table in `git aura --help` and git-aura(1); docs/git-aura.md has the same rows.
    /// Lines stay under 70 columns (help wraps at 80, man(1) indents by 5) and start with a
    /// space, so the manual page keeps one row per line.
    static let table = """
          0  done
          1  problems remain, or refused: nothing was changed (edited
             files, nothing to undo or publish, fixes awaiting approval);
             run: the program stopped with a runtime error
          2  heal, status, ci: problems remain that no fix could repair;
             run: compile errors
         64  usage: unknown option, key, id or plan item; a value out
             of range
         65  repository state: not a repository, bare, merge or rebase
             in progress, sparse index
         70  internal error (a bug, or an unexpected libgit2 failure)
         74  I/O error: a write failed (disk full, file too large,
             permissions); the message names the file and the error
         75  busy: another process holds or moved AURA's refs or a git
             lock; retry
         78  configuration: an invalid aura.* value (the message names
             the key, the value and where it was set)
        """
}
