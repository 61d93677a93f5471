/// Everything that can go wrong in AuraGit, as data. `description` renders one line for humans;
/// callers (the CLI) map the case to an exit code.
public enum GitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No repository was found at or above `path` (e.g. running outside a checkout).
    case notARepository(path: String)
    /// The repository has no working tree, so there is nothing to snapshot or heal.
    case bareRepository(path: String)
    /// A merge, rebase, cherry-pick, revert or `git am` is unfinished.
    case operationInProgress(RepositoryOperation)
    /// `index.sparse=true`: libgit2 1.5 cannot read sparse-directory index entries.
    case sparseIndexUnsupported(indexPath: String)
    /// An object id, reference or path that was expected to exist does not.
    case notFound(String)
    /// A path that is absolute, contains `.`/`..` components or points into `.git`.
    case unsafePath(String)
    /// A safe checkout would overwrite files that differ from the baseline; nothing was written.
    case checkoutConflict(paths: [String])
    /// A compare-and-swap reference update lost against another writer (after bounded retries).
    case referenceMoved(name: String, expected: ObjectID?, actual: ObjectID?)
    /// A reference stayed locked past the bounded wait (a live writer, or a crashed one's leftover).
    case referenceLocked(name: String, lockFile: String)
    /// Writing `path` would go through the symbolic link `link` (a parent directory that is a
    /// link); AURA never writes through links, which may point outside the working tree.
    case symlinkInPath(path: String, link: String)
    /// `path` goes through the external clean/smudge filter `filter`, which libgit2 cannot run.
    case externalFilter(path: String, filter: String)
    /// After writing `path` the file hashes to `actual`, not to the blob `expected` the
    /// operation recorded (a filter or another writer changed it).
    case writeMismatch(path: String, expected: ObjectID, actual: ObjectID?)
    /// A configuration value has the wrong form.
    case invalidConfigValue(key: String, value: String, expected: String)
    /// libgit2 reported an error; carries `git_error_last`'s class and message.
    case libgit2(LibGit2Failure)

    public var description: String {
        switch self {
        case .notARepository(let path):
            return "not a git repository (or any parent up to /): \(path)"
        case .bareRepository(let path):
            return "bare repository at \(path): AURA needs a working tree"
        case .operationInProgress(let operation):
            return "\(operation.displayName) in progress: \(operation.finishHint)"
        case .sparseIndexUnsupported(let indexPath):
            return "the index \(indexPath) is a sparse index (index.sparse=true), which libgit2 cannot read;"
                + " run `git sparse-checkout init --no-sparse-index` (or `git config index.sparse false`) and retry"
        case .notFound(let what):
            return "not found: \(what)"
        case .unsafePath(let path):
            return "refusing unsafe path '\(path)': paths must stay inside the working tree and outside .git"
        case .checkoutConflict(let paths):
            return "refusing to overwrite \(paths.count == 1 ? "a file" : "files") changed since: "
                + paths.sorted().joined(separator: ", ")
        case .referenceMoved(let name, let expected, let actual):
            return "\(name) moved while updating it (expected \(expected?.short ?? "none"), found \(actual?.short ?? "none"));"
                + " another process is writing it, retry"
        case .referenceLocked(let name, let lockFile):
            return "busy: \(name) is locked by another process (\(lockFile)); retry in a moment"
                + " (if no git process is running, the lock was left by a crash: remove it)"
        case .symlinkInPath(let path, let link):
            return "refusing to write \(path): \(link) is a symbolic link, and AURA never writes through links;"
                + " replace it with a directory (or restore it with git) and retry"
        case .externalFilter(let path, let filter):
            return "refusing to write \(path): it uses the clean/smudge filter '\(filter)' (.gitattributes), which AURA cannot run;"
                + " nothing was written (use git for this file)"
        case .writeMismatch(let path, let expected, let actual):
            return "\(path) on disk hashes to \(actual?.short ?? "nothing") after writing, not to the recorded blob"
                + " \(expected.short) (a filter or another process changed it)"
        case .invalidConfigValue(let key, let value, let expected):
            return "invalid value '\(value)' for \(key): expected \(expected)"
        case .libgit2(let failure):
            return failure.description
        }
    }
}

/// The error libgit2 reported for one call: its return code, error class and message.
public struct LibGit2Failure: Equatable, Sendable, CustomStringConvertible {
    /// What AuraGit was doing, e.g. "git_index_add_all".
    public let operation: String
    /// The negative return code (`git_error_code`, e.g. -3 for GIT_ENOTFOUND).
    public let code: Int32
    /// `git_error.klass` (`git_error_t`).
    public let errorClass: Int32
    /// `git_error.message`.
    public let message: String
    /// `errno` right after the call failed (0 when not read). Only meaningful with `message`:
    /// see `GitError.storageErrno`.
    public var osErrno: Int32 = 0

    public var description: String { "\(operation) failed (\(code)): \(message)" }
}

/// An unfinished multi-step git operation, from `git_repository_state`.
public enum RepositoryOperation: String, Equatable, Sendable {
    case merge, revert, cherryPick, rebase, applyMailbox

    public var displayName: String {
        switch self {
        case .merge: return "merge"
        case .revert: return "revert"
        case .cherryPick: return "cherry-pick"
        case .rebase: return "rebase"
        case .applyMailbox: return "git am"
        }
    }

    /// What the user must do before AURA will touch the working tree.
    public var finishHint: String {
        switch self {
        case .merge: return "finish it with `git commit` (or `git merge --abort`) first"
        case .revert: return "finish it with `git revert --continue` (or `git revert --abort`) first"
        case .cherryPick: return "finish it with `git cherry-pick --continue` (or `git cherry-pick --abort`) first"
        case .rebase: return "finish it with `git rebase --continue` (or `git rebase --abort`) first"
        case .applyMailbox: return "finish it with `git am --continue` (or `git am --abort`) first"
        }
    }
}
