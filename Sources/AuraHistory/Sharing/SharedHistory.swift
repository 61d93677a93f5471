import AuraGit

/// Heal history shared through a git remote (`git aura push` / `git aura fetch`).
///
/// Every clone has an id (`<common dir>/aura/clone-id`). On the remote, a clone's refs live
/// under `refs/aura/clones/<clone-id>/` (its `refs/aura/heal` becomes
/// `refs/aura/clones/<clone-id>/heal`), so two people's histories never share a ref. Fetched
/// copies live locally under `refs/aura/remotes/<remote>/<clone-id>/`, like remote-tracking
/// branches; they are also what a push expects to find on the remote (a lease), so a push never
/// overwrites a ref it has not seen.
public enum SharedHistory {
    /// Where clones' refs live on a remote.
    public static let clonesPrefix = "refs/aura/clones/"
    /// Where fetched histories live locally.
    public static let remotesPrefix = "refs/aura/remotes/"

    /// This clone's id, made on first use.
    public static func cloneID(of repository: Repository) throws -> String {
        try PersistentID.read(orCreateAt: repository.commonDirectory + "aura/clone-id", seed: repository.commonDirectory)
    }

    /// One ref a push sends (or deletes) on the remote.
    public struct RefUpdate: Equatable, Sendable {
        /// The local ref (`refs/aura/heal`); nil when the push deletes a ref this clone no longer has.
        public let local: String?
        /// The ref on the remote (`refs/aura/clones/<id>/heal`).
        public let remote: String
        /// The local copy of the remote ref (`refs/aura/remotes/<remote>/<id>/heal`).
        public let tracking: String
        /// What the remote ref becomes (nil: deleted).
        public let new: ObjectID?
        /// What the remote ref must still be for the push to go ahead (nil: must not exist).
        public let expected: ObjectID?
    }

    /// The local refs that make up this clone's history: `refs/aura/**` except fetched copies.
    public static func localRefs(in repository: Repository) throws -> [String] {
        try repository.referenceNames(matching: "refs/aura/*").filter {
            !$0.hasPrefix(remotesPrefix) && !$0.hasPrefix(clonesPrefix)
        }
    }

    /// What `git aura push <remote>` sends: every local AURA ref whose remote copy differs, and a
    /// deletion for every ref pushed before that this clone no longer has (a redo ref cleared).
    public static func pushPlan(repository: Repository, remote: String, cloneID: String) throws -> [RefUpdate] {
        let trackingPrefix = remotesPrefix + remote + "/" + cloneID + "/"
        var updates: [RefUpdate] = []
        var shared: Set<String> = []
        for local in try localRefs(in: repository) {
            let rest = String(local.dropFirst("refs/aura/".count))
            shared.insert(rest)
            let tracking = trackingPrefix + rest
            let new = try repository.reference(local)
            let expected = try repository.reference(tracking)
            if new != expected {
                updates.append(RefUpdate(local: local, remote: clonesPrefix + cloneID + "/" + rest, tracking: tracking,
                                         new: new, expected: expected))
            }
        }
        for tracking in try repository.referenceNames(matching: trackingPrefix + "*") {
            let rest = String(tracking.dropFirst(trackingPrefix.count))
            guard !shared.contains(rest), let expected = try repository.reference(tracking) else { continue }
            updates.append(RefUpdate(local: nil, remote: clonesPrefix + cloneID + "/" + rest, tracking: tracking, new: nil, expected: expected))
        }
        return updates
    }

    /// The refspec `git aura fetch <remote>` fetches with: every clone's history from the remote
    /// into `refs/aura/remotes/<remote>/`. Forced (`+`) because a clone's own undo moves its
    /// ref back, exactly as a remote-tracking branch follows a force-pushed branch.
    public static func fetchRefspec(remote: String) -> String {
        "+" + clonesPrefix + "*:" + remotesPrefix + remote + "/*"
    }

    /// Whether `name` can be a path component of a ref (a remote's name in a fetched ref).
    public static func isValidRemoteName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix(".lock"), !name.contains(".."), name != "@" else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !"/~^:?*[\\".unicodeScalars.contains(scalar)
        }
    }

    /// One fetched clone's history: a heal ref under `refs/aura/remotes/<remote>/<clone>/`.
    public struct FetchedHistory: Sendable {
        public let remote: String
        public let cloneID: String
        /// The ref's path inside the clone's namespace: `heal`, or `wt/<name>/heal` for a linked worktree.
        public let ref: String
        /// Its first-parent chain, newest first.
        public let entries: [HistoryEntry]
    }

    /// Every fetched clone's heal history (not the redo refs: undone entries are not history).
    public static func fetchedHistories(in repository: Repository, limit: Int = 1_000) throws -> [FetchedHistory] {
        var histories: [FetchedHistory] = []
        for name in try repository.referenceNames(matching: remotesPrefix + "*") where name.hasSuffix("/heal") {
            let parts = name.dropFirst(remotesPrefix.count).split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { continue }
            var entries: [HistoryEntry] = []
            var cursor = try repository.reference(name)
            while let commit = cursor, entries.count < limit {
                guard let info = try? repository.commit(commit), let entry = HistoryEntry(info) else { break }
                entries.append(entry)
                cursor = entry.parent
            }
            histories.append(FetchedHistory(remote: parts[0], cloneID: parts[1], ref: parts[2], entries: entries))
        }
        return histories
    }
}
