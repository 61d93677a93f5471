import AuraGit

/// A heal branch that belongs to one problem rather than one heal (`git aura ci`): named
/// `aura/heal/<key>` after the problem's stable key, so a later run that heals the same problem
/// updates the branch instead of opening another, as Renovate does.
///
/// The bot only ever moves a branch whose tip it made: one commit that names the key in its
/// `Aura-Problem` trailer and records its own tree in `Aura-Tree` (an amended commit no longer
/// matches its tree; a commit pushed on top has no such trailer).
public enum ProblemBranch {
    /// The trailer that names the problem key a commit heals.
    public static let problemTrailer = "Aura-Problem"
    /// The trailer that records the commit's own tree.
    public static let treeTrailer = "Aura-Tree"
    /// The branch name under `refs/heads/` (HealPublisher.branchPrefix without it).
    public static let namePrefix = "aura/heal/"

    /// `aura/heal/<key>`.
    public static func name(forKey key: String) -> String { namePrefix + key }

    /// What publishing a problem's commit onto its branch should do.
    public enum Action: Equatable, Sendable {
        /// No such branch yet: create it (the lease: it must still not exist).
        case open
        /// The bot's own branch with another change or base: move it, leased on its tip.
        case update(from: ObjectID)
        /// The branch already holds this change on this base: nothing to push.
        case upToDate(ObjectID)
        /// Someone else committed to it: leave it, saying why.
        case foreign(tip: ObjectID, reason: String)
    }

    /// Decides what to do with the branch for `key` whose tip (as last fetched) is `tip`, for a
    /// new commit `prepared` built on `base`.
    public static func action(tip: ObjectID?, key: String, base: ObjectID, tree: ObjectID, in repository: Repository) throws -> Action {
        guard let tip else { return .open }
        let commit = try repository.commit(tip)
        if let reason = foreignReason(commit, key: key) { return .foreign(tip: tip, reason: reason) }
        if commit.parents == [base] && commit.tree == tree { return .upToDate(tip) }
        return .update(from: tip)
    }

    /// Why `commit` is not a tip this bot made for `key`, or nil when it is.
    static func foreignReason(_ commit: CommitInfo, key: String) -> String? {
        let trailers = CommitMessage.trailers(of: commit.message)
        guard trailers.value(problemTrailer) == key else {
            return "its tip \(commit.id.short) is not an AURA heal of this problem (someone pushed to it)"
        }
        guard trailers.value(treeTrailer) == commit.tree.hex, commit.parents.count == 1 else {
            return "its tip \(commit.id.short) was rewritten after AURA made it (someone amended it)"
        }
        return nil
    }
}
