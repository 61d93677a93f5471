import AuraGit
import AuraHistory
@testable import AuraHeal
import XCTest

/// Restore, prune, undo --to, ids, and "a new heal clears redo" without losing anything.
final class HistoryOperationsTests: XCTestCase {
    private func heal(_ store: SnapshotStore, _ path: String, _ content: String) throws -> HistoryEntry {
        let heal = try store.commitHeal(base: try store.snapshot(reason: "pre \(path)"), changes: [path: .write(Array(content.utf8))],
                                        trailers: [], summary: "set \(path)")
        try store.applyToWorkingTree(heal)
        return heal
    }

    func testRestoreWritesSnapshotBackAndIsUndoable() throws {
        let repo = try TempRepository()
        try repo.write(".gitignore", "*.tmp\n")
        try repo.write("a.txt", "a1\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let first = try store.snapshot(reason: "first")
        try repo.write("a.txt", "a2\n")
        try repo.write("b.txt", "new\n")
        try repo.write("cache.tmp", "ignored\n")

        let outcome = try store.restore(String(first.id.dropFirst(2).prefix(4)))   // a prefix without "s-"
        XCTAssertEqual(repo.read("a.txt"), "a1\n")
        XCTAssertFalse(repo.exists("b.txt"), "files the snapshot lacks are removed")
        XCTAssertEqual(repo.read("cache.tmp"), "ignored\n", "ignored files are not touched")
        XCTAssertEqual(outcome.writtenPaths, ["a.txt", "b.txt"])
        XCTAssertEqual(try repo.git("show", "\(outcome.before.commit.hex):b.txt"), "new\n", "the replaced state was kept")
        let restore = try XCTUnwrap(outcome.restore)
        XCTAssertEqual(restore.kind, .restore)
        XCTAssertEqual(restore.trailers.value("Aura-Restores"), first.id)

        try store.undo()
        XCTAssertEqual(repo.read("a.txt"), "a2\n")
        XCTAssertEqual(repo.read("b.txt"), "new\n")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testUndoToUndoesSeveralAfterCheckingAll() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a0\n")
        try repo.write("b.txt", "b0\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let h1 = try heal(store, "a.txt", "a1\n")
        let h2 = try heal(store, "b.txt", "b1\n")
        let h3 = try heal(store, "a.txt", "a2\n")
        try repo.write("b.txt", "user\n")   // h2's file edited: undo --to h1 must refuse before writing
        XCTAssertThrowsError(try store.undo(to: h1.id)) { error in
            XCTAssertEqual(error as? SnapshotStoreError, .workingTreeChanged(entry: h2.id, operation: "undo", paths: ["b.txt"]))
        }
        XCTAssertEqual(repo.read("a.txt"), "a2\n", "nothing written on refusal")
        try repo.write("b.txt", "b1\n")
        let outcome = try store.undo(to: h1.id)
        XCTAssertEqual(outcome.undone.map(\.id), [h3.id, h2.id, h1.id])
        XCTAssertEqual(repo.read("a.txt"), "a0\n")
        XCTAssertEqual(repo.read("b.txt"), "b0\n")
        XCTAssertEqual(try store.history().redoable.filter { $0.kind == .heal }.map(\.id), [h3.id, h2.id, h1.id])
        // Redo walks forward one change at a time.
        XCTAssertEqual(try store.redo().redone.id, h1.id)
        XCTAssertEqual(try store.redo().redone.id, h2.id)
        XCTAssertEqual(repo.read("b.txt"), "b1\n")
        XCTAssertEqual(repo.read("a.txt"), "a1\n")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testNewHealAfterUndoClearsRedoButKeepsUndoneReachable() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a0\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let undone = try heal(store, "a.txt", "a1\n")
        try store.undo()
        let fresh = try heal(store, "a.txt", "other\n")
        XCTAssertNil(try store.repository.reference("refs/aura/redo"))
        XCTAssertThrowsError(try store.redo())
        let reachable = try repo.git("rev-list", "refs/aura/heal")
        XCTAssertTrue(reachable.contains(undone.commit.hex), "the undone heal stays reachable from refs/aura/heal")
        XCTAssertEqual(try store.history().entries.first?.id, fresh.id)
        let firstParents = try repo.git("rev-list", "--first-parent", "refs/aura/heal")
        XCTAssertEqual(firstParents.split(separator: "\n").count, 3, "heal, its snapshot, the first snapshot")
        XCTAssertFalse(firstParents.contains(undone.commit.hex), "the undone heal is off the first-parent chain")
        repo.assertHealthy()
    }

    func testPruneKeepsNewestEntriesWithStableIdsAndTimes() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "0\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        var snapshots: [HistoryEntry] = []
        for index in 1...6 {
            try repo.write("a.txt", "\(index)\n")
            snapshots.append(try store.snapshot(reason: "n\(index)"))
        }
        let h = try heal(store, "a.txt", "healed\n")
        try store.undo()
        let before = try store.history()
        let outcome = try store.prune(keep: 3)
        XCTAssertEqual(outcome.removed, before.entries.count - 3)
        let after = try store.history()
        XCTAssertEqual(after.entries.map(\.id), before.entries.prefix(3).map(\.id), "ids survive the rewrite")
        XCTAssertEqual(after.entries.map(\.time), before.entries.prefix(3).map(\.time))
        XCTAssertEqual(after.entries.map(\.tree), before.entries.prefix(3).map(\.tree))
        XCTAssertEqual(after.redoable.map(\.id), before.redoable.map(\.id), "redo survives prune")
        XCTAssertEqual(try repo.git("rev-list", "refs/aura/heal").split(separator: "\n").count, 3)
        XCTAssertTrue(try repo.git("reflog", "show", "--format=%gs", "refs/aura/heal").contains("aura: prune keep 3"))
        XCTAssertEqual(try store.redo().redone.id, h.id)
        XCTAssertEqual(repo.read("a.txt"), "healed\n")
        XCTAssertThrowsError(try store.prune(keep: 0))
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testIDsAreShortAndAcceptedAsPrefixes() throws {
        let repo = try TempRepository()
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "x")
        XCTAssertTrue(snapshot.id.range(of: "^s-[0-9a-f]{7}$", options: .regularExpression) != nil, snapshot.id)
        XCTAssertEqual(try store.resolve(snapshot.id).commit, snapshot.commit)
        XCTAssertEqual(try store.resolve(String(snapshot.id.prefix(5))).commit, snapshot.commit)
        XCTAssertEqual(try store.resolve(String(snapshot.commit.hex.prefix(8))).commit, snapshot.commit)
        XCTAssertThrowsError(try store.resolve("zz")) { XCTAssertEqual($0 as? SnapshotStoreError, .unknownID("zz")) }
        _ = try store.snapshot(reason: "y")
        XCTAssertThrowsError(try store.resolve("s-")) { error in
            guard case .ambiguousID? = error as? SnapshotStoreError else { return XCTFail("\(error)") }
        }
    }

    func testSnapshotReuseForHealerOnlyWhenNothingChanged() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "0\n")
        let store = SnapshotStore(repository: try repo.open())
        let first = try store.snapshot(reason: "one", allowReuse: true)
        XCTAssertEqual(try store.snapshot(reason: "two", allowReuse: true).commit, first.commit)
        XCTAssertNotEqual(try store.snapshot(reason: "explicit").commit, first.commit)
        try repo.write("a.txt", "1\n")
        XCTAssertNotEqual(try store.snapshot(reason: "changed", allowReuse: true).tree, first.tree)
    }

    func testHealPathsMustStayInsideTheWorkingTree() throws {
        let repo = try TempRepository()
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "s")
        for path in [".git/hooks/pre-commit", "../outside", "/etc/passwd", "a/../../b", "a//b"] {
            XCTAssertThrowsError(try store.commitHeal(base: snapshot, changes: [path: .write([1])], trailers: []), path) { error in
                XCTAssertEqual(error as? GitError, .unsafePath(path))
            }
        }
    }

    func testUndoToAnUndoneEntryIsNotOnHistory() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a0\n")
        let store = SnapshotStore(repository: try repo.open())
        let h1 = try heal(store, "a.txt", "a1\n")
        try store.undo()
        XCTAssertThrowsError(try store.undo(to: h1.id)) { XCTAssertEqual($0 as? SnapshotStoreError, .notOnHistory(h1.id)) }
    }

    func testGitattributesFiltersApplyOnWriteAndOnCompare() throws {
        let repo = try TempRepository()
        try repo.write(".gitattributes", "*.txt text eol=crlf\n")
        try repo.write("a.txt", "one\r\ntwo\r\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "crlf")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):a.txt"), "one\ntwo\n", "stored normalised (clean filter)")
        let heal = try store.commitHeal(base: snapshot, changes: ["a.txt": .write(Array("one\nTWO\n".utf8))], trailers: [])
        try store.applyToWorkingTree(heal)
        XCTAssertEqual(repo.read("a.txt"), "one\r\nTWO\r\n", "written with CRLF (smudge filter)")
        try store.undo()   // must recognise the CRLF file as the heal's content
        XCTAssertEqual(repo.read("a.txt"), "one\r\ntwo\r\n")
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
    }
}

/// File kinds beyond plain files: the executable bit and symbolic links.
final class FileModeTests: XCTestCase {
    func testHealChangingOnlyTheExecutableBitIsWrittenAndUndone() throws {
        let repo = try TempRepository()
        try repo.write("run.sh", "#!/bin/sh\necho hi\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let heal = try store.commitHeal(
            base: try store.snapshot(reason: "s"), changes: ["run.sh": .write(Array("#!/bin/sh\necho hi\n".utf8), mode: .executable)],
            trailers: [])
        XCTAssertEqual(try store.applyToWorkingTree(heal), ["run.sh"])
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo.root + "/run.sh"))
        try store.undo()
        XCTAssertFalse(FileManager.default.isExecutableFile(atPath: repo.root + "/run.sh"))
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
    }

    func testSymlinksAreSnapshottedAndRestored() throws {
        let repo = try TempRepository()
        try repo.write("target.txt", "t\n")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/link", withDestinationPath: "target.txt")
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "with link")
        XCTAssertEqual(try store.repository.entry(at: "link", inTree: snapshot.tree)?.mode, .symlink)
        try repo.delete("link")
        try repo.write("link", "now a file\n")
        try store.restore(snapshot.id)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: repo.root + "/link"), "target.txt")
        try store.undo()
        XCTAssertEqual(repo.read("link"), "now a file\n")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }
}
