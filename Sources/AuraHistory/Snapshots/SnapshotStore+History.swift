import AuraGit

extension SnapshotStore {
    /// The history: the first-parent chain from the heal ref (newest first) and the entries
    /// waiting on the redo ref.
    public func history(limit: Int? = nil) throws -> History {
        var entries: [HistoryEntry] = []
        let tip = try repository.reference(refs.heal)
        var cursor = tip
        while let commit = cursor, limit.map({ entries.count < $0 }) ?? true {
            let current = try entry(commit)
            entries.append(current)
            cursor = current.parent
        }
        var redoable: [HistoryEntry] = []
        if let redo = try repository.reference(refs.redo) {
            redoable = try redoPath(tip: tip, redo: redo).reversed()
        }
        return History(entries: entries, redoable: redoable)
    }

    /// The entry whose id (`h-4f2a9c1`, with or without the `h-`) or commit id starts with
    /// `prefix`, searched on the history and the redo path.
    public func resolve(_ prefix: String) throws -> HistoryEntry {
        let needle = prefix.lowercased()
        guard !needle.isEmpty else { throw SnapshotStoreError.unknownID(prefix) }
        let history = try history()
        let matching = { (entry: HistoryEntry) in
            entry.id.hasPrefix(needle) || entry.id.dropFirst(2).hasPrefix(needle)
                || (needle.count >= 4 && entry.commit.hex.hasPrefix(needle))
        }
        var matches = (history.entries + history.redoable).filter(matching)
        // Entries off the first-parent chain (a forced undo's safety snapshot, undone entries
        // a later snapshot keeps as a second parent) are still reachable and still restorable.
        if matches.isEmpty { matches = try reachableEntries().filter(matching) }
        var unique: [ObjectID: HistoryEntry] = [:]
        for match in matches { unique[match.commit] = match }
        guard unique.count <= 1 else {
            throw SnapshotStoreError.ambiguousID(prefix, candidates: unique.values.map(\.id).sorted())
        }
        guard let found = unique.values.first else { throw SnapshotStoreError.unknownID(prefix) }
        return found
    }

    /// Every AURA entry reachable from the heal and redo refs through any parent (at most
    /// `limit` commits visited), for ids that are not on the first-parent chain.
    func reachableEntries(limit: Int = 20_000) throws -> [HistoryEntry] {
        var queue = try [repository.reference(refs.heal), repository.reference(refs.redo)].compactMap { $0 }
        var seen = Set(queue)
        var found: [HistoryEntry] = []
        while let commit = queue.popLast(), seen.count <= limit {
            guard let info = try? repository.commit(commit), let entry = HistoryEntry(info) else { continue }
            found.append(entry)
            for parent in info.parents where seen.insert(parent).inserted { queue.append(parent) }
        }
        return found
    }

    /// The paths an entry changed relative to the entry before it (all its paths for the oldest).
    public func changedPaths(of entry: HistoryEntry) throws -> [String] {
        let before = try entry.parent.map { try repository.commit($0).tree } ?? repository.emptyTree()
        return try repository.changedPaths(from: before, to: entry.tree)
    }
}
