import CGit2

/// Where HEAD points.
public enum HeadState: Equatable, Sendable {
    /// A branch with no commits yet (`git init`, before the first commit).
    case unborn(branch: String)
    /// HEAD names a commit directly.
    case detached(ObjectID)
    /// HEAD is on `branch` (full ref name) at `commit`.
    case branch(String, commit: ObjectID)

    /// The commit HEAD resolves to, if any.
    public var commit: ObjectID? {
        switch self {
        case .unborn: return nil
        case .detached(let id), .branch(_, let id): return id
        }
    }
}

extension Repository {
    /// The current HEAD.
    public func head() throws -> HeadState {
        if git_repository_head_unborn(pointer) == 1 {
            var ref: OpaquePointer?
            var branch = "refs/heads/master"
            if git_reference_lookup(&ref, pointer, "HEAD") == 0, let target = git_reference_symbolic_target(ref) {
                branch = String(cString: target)
            }
            git_reference_free(ref)
            return .unborn(branch: branch)
        }
        var ref: OpaquePointer?
        try LibGit2.check(git_repository_head(&ref, pointer), "git_repository_head")
        defer { git_reference_free(ref) }
        guard let target = git_reference_target(ref) else { throw GitError.notFound("HEAD target") }
        let id = ObjectID(target)
        if git_repository_head_detached(pointer) == 1 { return .detached(id) }
        return .branch(String(cString: git_reference_name(ref)), commit: id)
    }

    /// The unfinished operation that blocks AURA from writing the working tree, if any.
    /// A bisect is not one: snapshots and heals are fine while bisecting.
    public func operationInProgress() -> RepositoryOperation? {
        switch git_repository_state_t(UInt32(git_repository_state(pointer))) {
        case GIT_REPOSITORY_STATE_MERGE: return .merge
        case GIT_REPOSITORY_STATE_REVERT, GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return .revert
        case GIT_REPOSITORY_STATE_CHERRYPICK, GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return .cherryPick
        case GIT_REPOSITORY_STATE_REBASE, GIT_REPOSITORY_STATE_REBASE_INTERACTIVE, GIT_REPOSITORY_STATE_REBASE_MERGE,
             GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
            return .rebase
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX: return .applyMailbox
        default: return nil
        }
    }

    /// Throws unless AURA may write this repository's working tree and its own refs:
    /// no unfinished merge/rebase/cherry-pick/revert/am, and an index libgit2 can read.
    public func requireWritableState() throws {
        if let operation = operationInProgress() { throw GitError.operationInProgress(operation) }
        let config = try GitConfig(repository: self, environment: [:])
        if try config.bool("index.sparse") == true { throw GitError.sparseIndexUnsupported(indexPath: indexPath) }
    }
}
