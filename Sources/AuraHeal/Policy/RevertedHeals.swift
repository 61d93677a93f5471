import AuraGit
import AuraLedger

/// Heals that a later commit took back by hand: the healed text reached the current branch and
/// a later commit on it restored the file as it was before the heal (issue #17: "reverted after
/// commit"). `aura.learn` counts them like undone heals.
public enum RevertedHeals {
    /// Commits of the current branch looked at (first-parent), newest first.
    static let historyLimit = 200

    /// The ids of the applied heals in `attempts` whose file is back to its pre-heal text at HEAD
    /// after the healed text was committed. Heals whose commit is gone are left out.
    public static func find(in repository: Repository, attempts: [AttemptRecord]) throws -> Set<String> {
        guard let headTree = try repository.headTree(), case let .branch(_, head) = try repository.head() else { return [] }
        var history: [ObjectID] = []
        var next: ObjectID? = head
        while let id = next, history.count < historyLimit {
            let commit = try repository.commit(id)
            history.append(commit.tree)
            next = commit.parents.first
        }
        var reverted: Set<String> = []
        for attempt in attempts where attempt.outcome == "applied" {
            guard let heal = attempt.healID, let hex = attempt.healCommit, let id = ObjectID(hex: hex), repository.contains(id),
                  let healCommit = try? repository.commit(id), let parent = healCommit.parents.first,
                  let before = try repository.fileContent(at: attempt.path, inTree: try repository.commit(parent).tree),
                  let healed = try repository.fileContent(at: attempt.path, inTree: healCommit.tree), before != healed,
                  try repository.fileContent(at: attempt.path, inTree: headTree) == before else { continue }
            // The healed text must have been committed on this branch, or nothing was reverted
            // (a heal never committed leaves HEAD with the old text too).
            if try history.contains(where: { try repository.fileContent(at: attempt.path, inTree: $0) == healed }) { reverted.insert(heal) }
        }
        return reverted
    }
}
