import AuraGit
import AuraHistory
@testable import AuraHeal
import XCTest

/// Snapshot, heal, undo, redo, restore and prune on real repositories, checked with git.
final class SnapshotStoreTests: XCTestCase {
    func testSnapshotRecordsUntrackedSkipsIgnoredAndKeepsIndexByteIdentical() throws {
        let repo = try TempRepository()
        try repo.write(".gitignore", "*.log\n")
        try repo.write("a.txt", "one\n")
        try repo.commitAll()
        try repo.write("a.txt", "two\n")
        try repo.write("new.txt", "untracked\n")
        try repo.write("debug.log", "ignored\n")
        try repo.git("add", "a.txt")   // a staged change the snapshot must not disturb
        try repo.write("a.txt", "three\n")
        let indexBefore = repo.indexBytes()
        let statusBefore = try repo.git("status", "--porcelain")

        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "test")

        XCTAssertEqual(repo.indexBytes(), indexBefore, "the user's index must stay byte-identical")
        XCTAssertEqual(try repo.git("status", "--porcelain"), statusBefore)
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:a.txt"), "three\n")
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:new.txt"), "untracked\n")
        XCTAssertThrowsError(try repo.git("show", "refs/aura/heal:debug.log"))
        XCTAssertEqual(snapshot.kind, .snapshot)
        XCTAssertTrue(snapshot.id.hasPrefix("s-"))
        XCTAssertEqual(snapshot.base?.hex, try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines))
        // HEAD is a trailer, not a parent: the log shows only AURA's history.
        XCTAssertEqual(try repo.git("rev-list", "refs/aura/heal").split(separator: "\n").count, 1)
        let trailers = try repo.git(["interpret-trailers", "--parse"], input: try repo.git("log", "-1", "--format=%B", "refs/aura/heal"))
        XCTAssertTrue(trailers.contains("Aura-Op: snapshot"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Snapshot-Id: \(snapshot.id)"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Base: \(snapshot.base!.hex)"), trailers)
        XCTAssertTrue(try repo.git("reflog", "show", "refs/aura/heal").contains("aura: snapshot \(snapshot.id)"))
        repo.assertHealthy()
    }

    func testHealApplyUndoRedo() throws {
        let repo = try TempRepository()
        try repo.write("src/main.aura", "fn main() { prnt(1) }\n")
        try repo.write("src/other.aura", "x\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "before heal")
        let heal = try store.commitHeal(
            base: snapshot,
            changes: ["src/main.aura": .write(Array("fn main() { print(1) }\n".utf8)), "src/new.aura": .write(Array("n\n".utf8)),
                      "src/other.aura": .delete],
            trailers: [Trailer("Aura-Provider", "rules/typo"), Trailer("Aura-Risk", "low")], summary: "fix typo")
        XCTAssertEqual(try repo.git("rev-parse", "refs/aura/heal").trimmingCharacters(in: .whitespacesAndNewlines), snapshot.commit.hex,
                       "commitHeal does not move the ref")
        XCTAssertEqual(repo.read("src/main.aura"), "fn main() { prnt(1) }\n", "commitHeal does not touch the working tree")
        XCTAssertEqual(try repo.git("diff", "--name-only", snapshot.commit.hex, heal.commit.hex),
                       "src/main.aura\nsrc/new.aura\nsrc/other.aura\n")

        let written = try store.applyToWorkingTree(heal)
        XCTAssertEqual(written, ["src/main.aura", "src/new.aura", "src/other.aura"])
        XCTAssertEqual(repo.read("src/main.aura"), "fn main() { print(1) }\n")
        XCTAssertEqual(repo.read("src/new.aura"), "n\n")
        XCTAssertFalse(repo.exists("src/other.aura"))
        XCTAssertEqual(try store.history().entries.map(\.id), [heal.id, snapshot.id])
        let trailers = try repo.git(["interpret-trailers", "--parse"], input: try repo.git("log", "-1", "--format=%B", "refs/aura/heal"))
        XCTAssertTrue(trailers.contains("Aura-Heal-Id: \(heal.id)\n"))
        XCTAssertTrue(trailers.contains("Aura-Provider: rules/typo\n"))
        XCTAssertTrue(trailers.contains("Aura-Snapshot: \(snapshot.id)\n"))

        let undo = try store.undo()
        XCTAssertEqual(undo.undone.map(\.id), [heal.id])
        XCTAssertEqual(repo.read("src/main.aura"), "fn main() { prnt(1) }\n")
        XCTAssertEqual(repo.read("src/other.aura"), "x\n")
        XCTAssertFalse(repo.exists("src/new.aura"))
        XCTAssertEqual(try store.history().entries.map(\.id), [snapshot.id])
        XCTAssertEqual(try store.history().redoable.map(\.id), [heal.id])
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])

        let redo = try store.redo()
        XCTAssertEqual(redo.redone.id, heal.id)
        XCTAssertEqual(repo.read("src/main.aura"), "fn main() { print(1) }\n")
        XCTAssertFalse(repo.exists("src/other.aura"))
        XCTAssertEqual(try store.history().entries.map(\.id), [heal.id, snapshot.id])
        XCTAssertNil(try store.repository.reference("refs/aura/redo"))
        XCTAssertThrowsError(try store.redo()) { XCTAssertEqual($0 as? SnapshotStoreError, .nothingToRedo) }
        repo.assertHealthy()
    }

    func testUndoRefusesWhenUserEditedHealedFileAndForceKeepsTheEdit() throws {
        let repo = try TempRepository()
        try repo.write("a.aura", "old\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let heal = try store.commitHeal(base: try store.snapshot(reason: "s"), changes: ["a.aura": .write(Array("healed\n".utf8))],
                                        trailers: [])
        try store.applyToWorkingTree(heal)
        try repo.write("a.aura", "user edit\n")
        XCTAssertThrowsError(try store.undo()) { error in
            guard case .workingTreeChanged(let entry, _, let paths)? = error as? SnapshotStoreError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(entry, heal.id)
            XCTAssertEqual(paths, ["a.aura"])
            XCTAssertTrue("\(error)".contains("--force"))
        }
        XCTAssertEqual(repo.read("a.aura"), "user edit\n", "a refusal writes nothing")

        let forced = try store.undo(force: true)
        XCTAssertEqual(repo.read("a.aura"), "old\n")
        let safety = try XCTUnwrap(forced.safetySnapshot)
        XCTAssertEqual(try repo.git("show", "\(safety.commit.hex):a.aura"), "user edit\n", "the overwritten edit is kept")
        XCTAssertTrue(try store.history().redoable.contains(where: { $0.id == safety.id }), "reachable from refs/aura/redo")
        try store.restore(safety.id)
        XCTAssertEqual(repo.read("a.aura"), "user edit\n")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testApplyRefusesWhenFileChangedSinceSnapshotAndLeavesRefAtSnapshot() throws {
        let repo = try TempRepository()
        try repo.write("a.aura", "old\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "s")
        let heal = try store.commitHeal(base: snapshot, changes: ["a.aura": .write(Array("healed\n".utf8))], trailers: [])
        try repo.write("a.aura", "typed meanwhile\n")
        XCTAssertThrowsError(try store.applyToWorkingTree(heal)) { error in
            XCTAssertEqual(error as? SnapshotStoreError, .workingTreeChanged(entry: heal.id, operation: "apply", paths: ["a.aura"]))
        }
        XCTAssertEqual(repo.read("a.aura"), "typed meanwhile\n")
        XCTAssertEqual(try store.repository.reference("refs/aura/heal"), snapshot.commit)
    }
}
