import AuraGit
import AuraHeal
import AuraHistory

/// Puts each fix of a `git aura ci` run on its problem branch `aura/heal/<key>` on a remote:
/// opens it (at most `aura.publish.maxOpen` heal branches open on the remote), updates the
/// bot's own branch with a force-with-lease push, and leaves a branch someone else pushed to.
///
/// The remote's heal branches are fetched first into `refs/remotes/<remote>/aura/heal/*`
/// (pruned, so that namespace mirrors the remote): they are what is counted, what a tip is
/// judged by, and the lease every push names.
struct ProblemBranchPublisher {
    let repository: Repository
    let remote: String
    let maxOpen: Int

    /// What happened to one fix's branch.
    enum Status: Equatable {
        case opened, updated, upToDate
        /// Left alone: someone else's commits are on it.
        case kept(String)
        /// Not pushed: too many heal branches are open.
        case notPublished(String)

        /// Whether the branch on the remote now carries the fix.
        var isPublished: Bool { reason == nil }

        /// Why the branch does not carry the fix, or nil when it does.
        var reason: String? {
            switch self {
            case .opened, .updated, .upToDate: return nil
            case let .kept(reason), let .notPublished(reason): return reason
            }
        }
    }

    var trackingPrefix: String { "refs/remotes/\(remote)/\(ProblemBranch.namePrefix)" }

    /// Fetches the remote's heal branches; returns their tips by branch name (`aura/heal/…`).
    func fetchBranches() throws -> [String: ObjectID] {
        let refspec = "+refs/heads/\(ProblemBranch.namePrefix)*:\(trackingPrefix)*"
        let (status, _) = try GitProcess.runKeepingErrors(["fetch", "--quiet", "--prune", "--no-tags", remote, refspec],
                                                          in: repository.workingDirectory)
        guard status == 0 else {
            throw CommandFailureMessage("fetching the heal branches of \(remote) failed (git exit \(status))", status: ExitStatus.refused)
        }
        var tips: [String: ObjectID] = [:]
        for name in try repository.referenceNames(matching: trackingPrefix + "*") {
            tips[ProblemBranch.namePrefix + name.dropFirst(trackingPrefix.count)] = try repository.reference(name)
        }
        return tips
    }

    /// Publishes `commit` (built on `base`, with `tree`) as the branch of `key`; `tips` are the
    /// remote's branches as fetched, and grows by the branches this run opens.
    func publish(key: String, commit: ObjectID, base: ObjectID, tree: ObjectID, tips: inout [String: ObjectID]) throws -> Status {
        let branch = ProblemBranch.name(forKey: key)
        let lease: String
        switch try ProblemBranch.action(tip: tips[branch], key: key, base: base, tree: tree, in: repository) {
        case .upToDate:
            return .upToDate
        case let .foreign(_, reason):
            return .kept(reason)
        case .open:
            guard tips.count < maxOpen else {
                return .notPublished("\(tips.count) heal branches are open on \(remote) (aura.publish.maxOpen = \(maxOpen)); merge or close some")
            }
            lease = ""
        case let .update(from):
            lease = from.hex
        }
        let (status, errors) = try GitProcess.runKeepingErrors(
            ["push", "--quiet", "--force-with-lease=refs/heads/\(branch):\(lease)", remote, "\(commit.hex):refs/heads/\(branch)"],
            in: repository.workingDirectory)
        guard status == 0 else {
            if errors.contains("stale info") || errors.contains("already exists") {
                return .kept("it changed on \(remote) while this run was publishing")
            }
            throw CommandFailureMessage("pushing \(branch) to \(remote) failed (git exit \(status))", status: ExitStatus.refused)
        }
        // git may already have moved the tracking ref itself (a `remote.<name>.fetch` that covers it).
        let tracking = trackingPrefix + key
        try repository.updateReference(tracking, to: commit, expecting: try repository.reference(tracking), message: "aura ci: publish \(key)")
        tips[branch] = commit
        return lease.isEmpty ? .opened : .updated
    }
}
