@testable import AuraHistory
@testable import AuraHeal

/// The test's own, independent account of what the AURA history must look like.
struct HistoryModel {
    struct Entry {
        let id: String
        let kind: HistoryEntry.Kind
        /// The working-tree files this entry's tree holds.
        let files: [String: String]
        /// For heals and restores: the files of the entry below (the state undo goes back to).
        let parentFiles: [String: String]
        /// HEAD when the entry was made (for snapshot reuse).
        let base: String?

        /// Paths whose content differs between the entry and its parent.
        var changedPaths: [String] {
            Set(files.keys).union(parentFiles.keys).filter { files[$0] != parentFiles[$0] }.sorted()
        }
    }

    /// The first-parent chain, oldest first.
    var entries: [Entry] = []
    /// Undone entries waiting for redo, oldest first.
    var redo: [Entry] = []

    /// Whether a reusing snapshot of `files` at `base` would return the tip instead of a new entry.
    func reusesTip(files: [String: String], base: String?) -> Bool {
        guard let tip = entries.last else { return false }
        return tip.kind == .snapshot && tip.files == files && tip.base == base
    }

    /// Appending to the chain clears redo (the SUT keeps it reachable as a second parent).
    mutating func append(_ entry: Entry) {
        entries.append(entry)
        redo.removeAll()
    }

    /// Indexes (into `entries`) of the newest `count` heals/restores, newest first.
    func newestChanges(_ count: Int) -> [Int] {
        Array(entries.indices.reversed().filter { entries[$0].kind.isUndoable }.prefix(count))
    }

    /// Moves entries from `index` up into the redo list (below what was already undone).
    mutating func undo(from index: Int) {
        redo = Array(entries[index...]) + redo
        entries.removeSubrange(index...)
    }

    /// Moves the oldest undone change and the snapshots that followed it back onto the chain.
    mutating func redoNext() -> Entry? {
        guard let first = redo.firstIndex(where: { $0.kind.isUndoable }) else { return nil }
        let next = redo[(first + 1)...].firstIndex(where: { $0.kind.isUndoable }) ?? redo.endIndex
        entries += redo[..<next]
        let change = redo[first]
        redo.removeSubrange(..<next)
        return change
    }
}
