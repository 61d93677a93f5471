import AuraGit
@testable import AuraHistory
import Foundation
import XCTest

/// One test per reproducer of issue #12 ("no byte a user wrote is ever lost"), each on a real
/// repository and checked with the git CLI. Each failed before the safety work.
final class SafetyReproducerTests: XCTestCase {
    private var gitAura: String { CommandLineTests.binDirectory + "/git-aura" }

    override func tearDown() {
        SnapshotStore.faultInjection = nil
        super.tearDown()
    }

    private struct SimulatedCrash: Error {}

    private func aura(_ repo: TempRepository, _ arguments: [String], env: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String) {
        try repo.run(gitAura, arguments, env: env)
    }

    private func rev(_ repo: TempRepository, _ name: String) throws -> String {
        try repo.git("rev-parse", name).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A heal of `changes` committed on a fresh snapshot (not yet applied).
    private func heal(_ store: SnapshotStore, _ changes: [String: String]) throws -> HistoryEntry {
        try store.commitHeal(base: try store.snapshot(reason: "before heal"),
                             changes: changes.mapValues { .write(Array($0.utf8)) }, trailers: [])
    }

    // MARK: 2. Crash window and half-way failures

    func testHealKilledBeforeItsFilesAreWrittenIsRolledForwardAndUndoable() throws {
        let repo = try TempRepository()
        try repo.write("src/a.aura", "broken a\n")
        try repo.write("src/b.aura", "broken b\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let healed = try heal(store, ["src/a.aura": "fixed a\n", "src/b.aura": "fixed b\n"])
        SnapshotStore.faultInjection = { if $0 == "after-refs" { throw SimulatedCrash() } }
        XCTAssertThrowsError(try store.applyToWorkingTree(healed))
        SnapshotStore.faultInjection = nil
        XCTAssertEqual(try rev(repo, "refs/aura/heal"), healed.commit.hex, "the ref moves before any file is written")
        XCTAssertEqual(repo.read("src/a.aura"), "broken a\n")

        let undo = try aura(repo, ["undo"])
        XCTAssertEqual(undo.status, 0, "the next command rolls the heal forward, then undo takes it back: \(undo.stderr)")
        XCTAssertEqual(repo.read("src/a.aura"), "broken a\n")
        XCTAssertEqual(repo.read("src/b.aura"), "broken b\n")
        let redo = try aura(repo, ["redo"])
        XCTAssertEqual(redo.status, 0, redo.stderr)
        XCTAssertEqual(repo.read("src/a.aura"), "fixed a\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.root + "/.git/aura/journal"))
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testUndoSigkilledAfterItsRefsMovedIsFinishedByAnyNextCommand() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "broken\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        try store.applyToWorkingTree(try heal(store, ["a.txt": "fixed\n"]))
        let killed = try aura(repo, ["undo"], env: ["AURA_FAULT": "after-refs"])
        XCTAssertEqual(killed.status, 9, "killed by SIGKILL at the fault point")
        XCTAssertEqual(repo.read("a.txt"), "fixed\n", "killed before writing")
        let listed = try aura(repo, ["snapshots"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(repo.read("a.txt"), "broken\n", "the next command, even a listing, finished the undo")
        XCTAssertEqual(try aura(repo, ["redo"]).status, 0)
        XCTAssertEqual(repo.read("a.txt"), "fixed\n")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testHealThatFailsHalfWayPutsBackTheFilesItWroteAndTheRef() throws {
        let repo = try TempRepository()
        try repo.write("a/x.txt", "x\n")
        try repo.write("b/y.txt", "y\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        // The second file is too large for the file-size limit set below, so its write fails
        // with EFBIG after the first file was written. (Permissions cannot make a write fail for
        // root, and `chattr +i` depends on the filesystem.)
        let large = String(repeating: "y", count: 2 << 20) + "\n"
        let healed = try heal(store, ["a/x.txt": "healed x\n", "b/y.txt": large])
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var saved = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        var small = rlimit(rlim_cur: 1 << 20, rlim_max: saved.rlim_max)
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &small), 0)
        XCTAssertThrowsError(try store.applyToWorkingTree(healed)) { error in
            XCTAssertTrue("\(error)".contains("too large"), "the write itself failed: \(error)")
        }
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, previousHandler)
        XCTAssertEqual(repo.read("a/x.txt"), "x\n", "the file written before the failure is put back")
        XCTAssertEqual(repo.read("b/y.txt"), "y\n")
        XCTAssertEqual(try rev(repo, "refs/aura/heal"), healed.parent!.hex, "the ref is back at the snapshot")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.root + "/.git/aura/journal"))
    }

    // MARK: 3. Git's live locks

    func testALiveGitLockIsNeverDeletedAndAuraReportsBusy() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        let head = try rev(repo, "HEAD")
        // A live `git update-ref --stdin` transaction holding refs/aura/heal.lock.
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["update-ref", "--stdin", "-m", "git's own update"]
        git.currentDirectoryURL = URL(fileURLWithPath: repo.root)
        git.environment = repo.env
        let input = Pipe(), output = Pipe()
        git.standardInput = input
        git.standardOutput = output
        try git.run()
        input.fileHandleForWriting.write(Data("start\nupdate refs/aura/heal \(head)\nprepare\n".utf8))
        let lock = repo.root + "/.git/refs/aura/heal.lock"
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: lock), Date() < deadline { usleep(10_000) }
        // Old enough to have been called stale before.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: lock)

        let busy = try aura(repo, ["snapshot", "create"], env: ["AURA_LOCK_TIMEOUT": "1"])
        XCTAssertEqual(busy.status, 75, busy.stderr)
        XCTAssertTrue(busy.stderr.contains("busy") && busy.stderr.contains("refs/aura/heal.lock"), busy.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "the live lock is still there")

        input.fileHandleForWriting.write(Data("commit\n".utf8))
        try input.fileHandleForWriting.close()
        git.waitUntilExit()
        XCTAssertEqual(git.terminationStatus, 0, "git's transaction commits")
        XCTAssertEqual(try rev(repo, "refs/aura/heal"), head)
        XCTAssertTrue(try repo.git("reflog", "show", "--format=%gs", "refs/aura/heal").hasPrefix("git's own update"))
    }

    func testALockLeftByAKilledAuraWriterIsRemovedButOnlyThatOne() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        let store = SnapshotStore(repository: try repo.open())
        _ = try store.snapshot(reason: "first")
        // What a SIGKILL inside libgit2's ref write leaves: the intent of a now-dead AURA
        // process, and the lock it made right after.
        let intents = repo.root + "/.git/aura/intent"
        try FileManager.default.createDirectory(atPath: intents, withIntermediateDirectories: true)
        let now = Date().timeIntervalSince1970
        try Data("99999999 \(now)\n".utf8).write(to: URL(fileURLWithPath: intents + "/refs%aura%heal"))
        let lock = repo.root + "/.git/refs/aura/heal.lock"
        XCTAssertTrue(FileManager.default.createFile(atPath: lock, contents: Data()))
        let started = Date()
        _ = try store.snapshot(reason: "second")
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "AURA's own leftover is removed at once")
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))

        // The same lock with no dead AURA writer behind it is respected.
        XCTAssertTrue(FileManager.default.createFile(atPath: lock, contents: Data()))
        let repository = try repo.open()
        let tip = try repository.reference("refs/aura/heal")
        XCTAssertThrowsError(try repository.updateReference("refs/aura/heal", to: nil, expecting: tip, message: "t", timeout: 0.3))
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock))
        XCTAssertEqual(try store.history().entries.count, 2)
    }

    // MARK: 4. Modes

    func testModesSurviveHealAndUndo() throws {
        let repo = try TempRepository()
        try repo.write("run.sh", "#!/bin/sh\necho brokn\n")
        try repo.write("secret.txt", "s\n")
        try repo.write("readonly.txt", "r\n")
        chmod(repo.root + "/run.sh", 0o755)
        chmod(repo.root + "/secret.txt", 0o600)
        chmod(repo.root + "/readonly.txt", 0o444)
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let healed = try heal(store, ["run.sh": "#!/bin/sh\necho broken\n", "secret.txt": "s2\n", "readonly.txt": "r2\n"])
        XCTAssertTrue(try repo.git("ls-tree", healed.commit.hex, "run.sh").hasPrefix("100755"), "the heal keeps the executable mode")
        try store.applyToWorkingTree(healed)
        XCTAssertEqual(permissions(repo, "run.sh"), 0o755)
        XCTAssertEqual(permissions(repo, "secret.txt"), 0o600, "0600 is not widened")
        XCTAssertEqual(permissions(repo, "readonly.txt"), 0o444)
        try store.undo()
        XCTAssertEqual(permissions(repo, "run.sh"), 0o755)
        XCTAssertEqual(permissions(repo, "secret.txt"), 0o600)
        XCTAssertEqual(permissions(repo, "readonly.txt"), 0o444, "0444 stays 0444 after undo")
        XCTAssertEqual(try repo.git("status", "--porcelain"), "", "git sees no mode change")
    }

    private func permissions(_ repo: TempRepository, _ path: String) -> mode_t {
        var info = stat()
        stat(repo.root + "/" + path, &info)
        return info.st_mode & 0o7777
    }

    // MARK: 5, 6. Binary content and NUL bytes

    func testRestoreWritesBinaryFilesByteForByte() throws {
        let repo = try TempRepository()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0xFF, 0x00]
        XCTAssertTrue(FileManager.default.createFile(atPath: repo.root + "/logo.png", contents: Data(png)))
        try repo.commitAll()
        let created = try aura(repo, ["snapshot", "create", "--json"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let id = try XCTUnwrap(created.stdout.firstMatch(of: /"id" *: *"(s-[0-9a-f]+)"/)?.1)
        XCTAssertTrue(FileManager.default.createFile(atPath: repo.root + "/logo.png", contents: Data([1, 2, 3])))
        let restored = try aura(repo, ["snapshot", "restore", String(id)])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: repo.root + "/logo.png").map { [UInt8]($0) }, png)
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
    }

    func testAFixWithANulByteIsWrittenExactlyAsCommitted() throws {
        let repo = try TempRepository()
        try repo.write("a.aura", "x = 1\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let text = "x = 1 // a\u{0}b\n"
        let healed = try heal(store, ["a.aura": text])
        try store.applyToWorkingTree(healed)
        XCTAssertEqual(FileManager.default.contents(atPath: repo.root + "/a.aura").map { [UInt8]($0) }, Array(text.utf8))
        let blob = try repo.git("rev-parse", "\(healed.commit.hex):a.aura")
        XCTAssertEqual(try repo.git("hash-object", "a.aura"), blob, "disk hashes to the committed blob")
    }

    func testCRLFFilesRoundTripThroughHealAndUndo() throws {
        let repo = try TempRepository()
        try repo.write(".gitattributes", "*.txt text eol=crlf\n")
        try repo.write("a.txt", "one\r\ntwo\r\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let healed = try heal(store, ["a.txt": "one\nthree\n"])
        try store.applyToWorkingTree(healed)
        XCTAssertEqual(repo.read("a.txt"), "one\r\nthree\r\n", "smudged as git would")
        try store.undo()
        XCTAssertEqual(repo.read("a.txt"), "one\r\ntwo\r\n")
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
    }

    func testFilesBehindAnExternalFilterAreRefusedNotWrittenInTheirCleanForm() throws {
        let repo = try TempRepository()
        try repo.git("config", "filter.upper.clean", "tr a-z A-Z")
        try repo.git("config", "filter.upper.smudge", "tr A-Z a-z")
        try repo.write(".gitattributes", "*.up filter=upper\n")
        try repo.write("a.up", "hello\n")
        try repo.write("b.txt", "b\n")
        try repo.commitAll()
        XCTAssertEqual(try repo.git("show", "HEAD:a.up"), "HELLO\n", "git stored the clean form")
        let store = SnapshotStore(repository: try repo.open())
        let first = try store.snapshot(reason: "first")
        try repo.write("a.up", "changed\n")
        try repo.write("b.txt", "b2\n")
        XCTAssertThrowsError(try store.restore(first.id)) { error in
            XCTAssertTrue("\(error)".contains("clean/smudge filter 'upper'"), "\(error)")
        }
        XCTAssertEqual(repo.read("a.up"), "changed\n", "the clean form is never written over the file")
        XCTAssertEqual(repo.read("b.txt"), "b2\n", "refused before anything is written")
    }

    // MARK: 7. Symlinks

    func testForcedUndoNeverWritesThroughASymlinkedDirectory() throws {
        let repo = try TempRepository()
        try repo.write("src/a.aura", "broken\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        try store.applyToWorkingTree(try heal(store, ["src/a.aura": "fixed\n"]))
        let outside = URL(fileURLWithPath: repo.root).deletingLastPathComponent().path + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: outside + "/a.aura"))
        try FileManager.default.removeItem(atPath: repo.root + "/src")
        XCTAssertEqual(symlink(outside, repo.root + "/src"), 0)

        let undo = try aura(repo, ["undo", "--force"])
        XCTAssertEqual(undo.status, 1, undo.stderr)
        XCTAssertTrue(undo.stderr.contains("symbolic link") && undo.stderr.contains("src"), undo.stderr)
        XCTAssertEqual(try String(contentsOfFile: outside + "/a.aura", encoding: .utf8), "precious\n", "the outside file is untouched")
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:src/a.aura"), "fixed\n", "the heal was not undone")
        repo.assertHealthy()
    }

    // MARK: 8. Recovery id

    func testForcedUndoSafetySnapshotIdStaysRestorable() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "broken\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        try store.applyToWorkingTree(try heal(store, ["a.txt": "fixed\n"]))
        try repo.write("a.txt", "my edit\n")
        let undo = try aura(repo, ["undo", "--force", "--json"])
        XCTAssertEqual(undo.status, 0, undo.stderr)
        let safety = try XCTUnwrap(undo.stdout.firstMatch(of: /"safetySnapshot" *: *"(s-[0-9a-f]+)"/)?.1)
        XCTAssertEqual(repo.read("a.txt"), "broken\n")
        try repo.write("other.txt", "later\n")
        XCTAssertEqual(try aura(repo, ["snapshot", "create"]).status, 0)
        let restored = try aura(repo, ["snapshot", "restore", String(safety)])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(repo.read("a.txt"), "my edit\n")
    }

    /// Found by the long torture run: a snapshot killed after it moved the heal ref but before it
    /// cleared redo left a redo that no longer leads back to the tip. Any next command finishes it.
    func testASnapshotKilledBeforeItClearedRedoIsFinishedByTheNextCommand() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "broken\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        try store.applyToWorkingTree(try heal(store, ["a.txt": "fixed\n"]))
        XCTAssertEqual(try aura(repo, ["undo"]).status, 0)
        let tip = try rev(repo, "refs/aura/heal"), redo = try rev(repo, "refs/aura/redo")
        // The state the kill left: a snapshot on top of the tip with redo as its second parent,
        // the heal ref moved to it, redo not yet cleared.
        let tree = try rev(repo, "refs/aura/heal^{tree}")
        let snapshot = try repo.git("commit-tree", tree, "-p", tip, "-p", redo, "-m", "aura snapshot: killed\n\nAura-Op: snapshot\nAura-Snapshot-Id: s-0000001\nAura-Base: unborn\nAura-Head: refs/heads/main")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try repo.git("update-ref", "refs/aura/heal", snapshot, tip)
        XCTAssertFalse(try HistoryConsistency.check(store).isEmpty, "the interrupted state is inconsistent")
        XCTAssertEqual(try aura(repo, ["snapshots"]).status, 0)
        XCTAssertEqual(try HistoryConsistency.check(store).map(\.message), [])
        XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "--quiet", "refs/aura/redo"), "redo is cleared")
        XCTAssertEqual(try repo.git("merge-base", "--is-ancestor", redo, "refs/aura/heal"), "", "the undone heal stays reachable")
    }

    // MARK: 9. Sparse checkouts

    func testRestoreIgnoresPathsOutsideTheSparseCone() throws {
        let repo = try TempRepository()
        try repo.write("in/a.txt", "a1\n")
        try repo.write("out/b.txt", "b1\n")
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let first = try store.snapshot(reason: "first")
        try repo.write("out/b.txt", "b2\n")
        try repo.write("in/a.txt", "a2\n")
        try repo.commitAll()
        try repo.git("sparse-checkout", "set", "--no-sparse-index", "in")
        XCTAssertFalse(repo.exists("out/b.txt"))
        let restored = try store.restore(first.id)
        XCTAssertEqual(restored.writtenPaths, ["in/a.txt"])
        XCTAssertEqual(repo.read("in/a.txt"), "a1\n")
        XCTAssertFalse(repo.exists("out/b.txt"), "nothing written outside the cone")
        try store.undo()
        XCTAssertEqual(repo.read("in/a.txt"), "a2\n")
    }

    func testARecreatedWorktreeOfTheSameNameDoesNotInheritTheOldHistory() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "1\n")
        try repo.commitAll()
        let worktreePath = repo.root + "-wt"
        defer { try? FileManager.default.removeItem(atPath: worktreePath) }
        try repo.git("worktree", "add", "-q", worktreePath, "-b", "feature")
        let old = SnapshotStore(repository: try Repository.open(at: worktreePath))
        try old.applyToWorkingTree(try heal(old, ["a.txt": "healed in the old worktree\n"]))
        let oldTip = try rev(repo, old.refs.heal)
        try repo.git("worktree", "remove", "--force", worktreePath)
        try repo.git("worktree", "add", "-q", worktreePath, "-b", "feature2")

        let fresh = SnapshotStore(repository: try Repository.open(at: worktreePath))
        XCTAssertEqual(fresh.refs.heal, old.refs.heal, "same name, same namespace")
        let result = try repo.run(gitAura, ["undo"], in: worktreePath)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("nothing to undo"), "the old worktree's heal is not offered: \(result.stderr)")
        XCTAssertEqual(try String(contentsOfFile: worktreePath + "/a.txt", encoding: .utf8), "1\n")
        XCTAssertTrue(try fresh.history().entries.isEmpty)
        let retired = try repo.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/aura/wt-retired/")
        XCTAssertTrue(retired.contains(oldTip), "the old history is kept, retired: \(retired)")
        _ = try fresh.snapshot(reason: "new worktree")
        XCTAssertEqual(try fresh.history().entries.count, 1)
        repo.assertHealthy(refs: [fresh.refs.heal])
    }

    // MARK: 1. Concurrent edits

    func testAppendingWhileAHealWritesLosesNoLine() throws {
        let repo = try TempRepository()
        for index in 0..<20 { try repo.write("f\(index).txt", "base \(index)\n") }
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let report = try ConcurrentEditRounds.run(repo: repo, store: store, rounds: 100, seed: 5)
        XCTAssertEqual(report.lost, [], "every appended line is on disk or in a commit reachable from an aura ref")
        XCTAssertGreaterThan(report.conflicts + report.applied, 0)
        print("concurrent edit rounds: \(report.rounds), applied \(report.applied), conflicts \(report.conflicts), lost \(report.lost.count)")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }
}
