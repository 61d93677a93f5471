import AuraGit
import AuraHistory
@testable import AuraHeal
import XCTest

/// Finding the repository and refusing the states AURA must not write in.
final class RepositoryDiscoveryTests: XCTestCase {
    func testDiscoversFromSubdirectory() throws {
        let repo = try TempRepository()
        try repo.write("a/b/c.txt", "x\n")
        let found = try Repository.discover(environment: repo.env, currentDirectory: repo.root + "/a/b")
        XCTAssertEqual(URL(fileURLWithPath: found.workingDirectory).standardized.path,
                       URL(fileURLWithPath: repo.root).standardized.path)
        XCTAssertEqual(found.indexPath, found.gitDirectory + "index")
        XCTAssertNil(found.worktreeName)
    }

    func testNotARepositoryIsAPreciseError() throws {
        let directory = NSTemporaryDirectory() + "aura-norepo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["GIT_CEILING_DIRECTORIES"] = NSTemporaryDirectory()
        XCTAssertThrowsError(try Repository.discover(environment: env, currentDirectory: directory)) { error in
            XCTAssertEqual(error as? GitError, .notARepository(path: directory))
        }
    }

    func testBareRepositoryIsRefused() throws {
        let repo = try TempRepository(bare: true)
        XCTAssertThrowsError(try Repository.open(at: repo.root)) { error in
            guard case .bareRepository? = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("working tree"))
        }
    }

    func testHonoursGitDirWorkTreeAndIndexFile() throws {
        let repo = try TempRepository()
        try repo.write("tracked.txt", "v1\n")
        try repo.commitAll()
        let elsewhere = NSTemporaryDirectory() + "aura-cwd-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        // A temporary index as a pre-commit hook sees it (`git commit PATHS`).
        let tempIndex = repo.root + "/.git/next-index-123.lock"
        try FileManager.default.copyItem(atPath: repo.root + "/.git/index", toPath: tempIndex)
        var env = repo.env
        env["GIT_DIR"] = repo.root + "/.git"
        env["GIT_WORK_TREE"] = repo.root
        env["GIT_INDEX_FILE"] = tempIndex
        let found = try Repository.discover(environment: env, currentDirectory: elsewhere)
        XCTAssertEqual(found.indexPath, tempIndex)
        XCTAssertEqual(URL(fileURLWithPath: found.workingDirectory).standardized.path,
                       URL(fileURLWithPath: repo.root).standardized.path)
        try repo.write("tracked.txt", "v2\n")
        let tempIndexBefore = FileManager.default.contents(atPath: tempIndex)
        let snapshot = try SnapshotStore(repository: found).snapshot(reason: "hook")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):tracked.txt"), "v2\n")
        XCTAssertEqual(FileManager.default.contents(atPath: tempIndex), tempIndexBefore)
    }

    func testNoCommitsYetStillSnapshotsAndHeals() throws {
        let repo = try TempRepository()
        try repo.write("a.aura", "x\n")
        let store = SnapshotStore(repository: try repo.open())
        XCTAssertEqual(try store.repository.head(), .unborn(branch: "refs/heads/main"))
        let snapshot = try store.snapshot(reason: "unborn")
        XCTAssertNil(snapshot.base)
        XCTAssertEqual(snapshot.trailers.value("Aura-Base"), "unborn")
        let heal = try store.commitHeal(base: snapshot, changes: ["a.aura": .write(Array("y\n".utf8))], trailers: [])
        try store.applyToWorkingTree(heal)
        XCTAssertEqual(repo.read("a.aura"), "y\n")
        try store.undo()
        XCTAssertEqual(repo.read("a.aura"), "x\n")
        XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "HEAD"), "HEAD is still unborn")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testDetachedHeadWorks() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "1\n")
        try repo.commitAll()
        let head = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("checkout", "-q", "--detach", "HEAD")
        try repo.write("a.txt", "2\n")
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "detached")
        XCTAssertEqual(snapshot.base?.hex, head)
        XCTAssertEqual(snapshot.trailers.value("Aura-Head"), "detached")
        repo.assertHealthy()
    }

    func testMergeInProgressIsRefusedWithWhatToFinish() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "base\n")
        try repo.commitAll()
        try repo.git("checkout", "-q", "-b", "other")
        try repo.write("a.txt", "other\n")
        try repo.commitAll()
        try repo.git("checkout", "-q", "main")
        try repo.write("a.txt", "main\n")
        try repo.commitAll()
        XCTAssertThrowsError(try repo.git("merge", "-q", "other"))
        let store = SnapshotStore(repository: try repo.open())
        XCTAssertEqual(store.repository.operationInProgress(), .merge)
        for operation in [{ _ = try store.snapshot(reason: "x") }, { _ = try store.undo() }] {
            XCTAssertThrowsError(try operation()) { error in
                XCTAssertEqual(error as? GitError, .operationInProgress(.merge))
                XCTAssertTrue("\(error)".contains("git merge --abort"), "\(error)")
            }
        }
        XCTAssertNil(try store.repository.reference("refs/aura/heal"))
    }

    func testCherryPickInProgressIsRefused() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "base\n")
        try repo.commitAll()
        try repo.git("checkout", "-q", "-b", "other")
        try repo.write("a.txt", "other\n")
        try repo.commitAll()
        try repo.git("checkout", "-q", "main")
        try repo.write("a.txt", "main\n")
        try repo.commitAll()
        XCTAssertThrowsError(try repo.git("cherry-pick", "other"))
        XCTAssertThrowsError(try SnapshotStore(repository: try repo.open()).snapshot(reason: "x")) { error in
            XCTAssertEqual(error as? GitError, .operationInProgress(.cherryPick))
        }
    }

    func testLinkedWorktreeUsesItsOwnRefNamespace() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "1\n")
        try repo.commitAll()
        let worktreePath = repo.root + "-wt"
        try repo.git("worktree", "add", "-q", worktreePath, "-b", "feature")
        defer { try? FileManager.default.removeItem(atPath: worktreePath) }
        try Data("wt edit\n".utf8).write(to: URL(fileURLWithPath: worktreePath + "/a.txt"))
        let linked = try Repository.open(at: worktreePath)
        XCTAssertEqual(linked.worktreeName, "repo-wt")
        let store = SnapshotStore(repository: linked)
        XCTAssertEqual(store.refs.heal, "refs/aura/wt/repo-wt/heal")
        let snapshot = try store.snapshot(reason: "in worktree")
        XCTAssertEqual(try repo.git("show", "refs/aura/wt/repo-wt/heal:a.txt"), "wt edit\n")
        XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/aura/heal"), "main worktree's ref untouched")
        let mainStore = SnapshotStore(repository: try repo.open())
        _ = try mainStore.snapshot(reason: "main")
        XCTAssertEqual(try store.history().entries.map(\.id), [snapshot.id])
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/wt/repo-wt/heal"])
    }

    func testSparseCheckoutKeepsSkippedEntries() throws {
        let repo = try TempRepository()
        try repo.write("keep/a.txt", "a\n")
        try repo.write("skip/b.txt", "b\n")
        try repo.write("top.txt", "t\n")
        try repo.commitAll()
        try repo.git("sparse-checkout", "set", "--no-cone", "/keep/", "/top.txt")
        XCTAssertFalse(repo.exists("skip/b.txt"), "sparse checkout removed the file from disk")
        try repo.write("keep/a.txt", "a2\n")
        let store = SnapshotStore(repository: try repo.open())
        let snapshot = try store.snapshot(reason: "sparse")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):skip/b.txt"), "b\n", "skip-worktree entry kept, not deleted")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):keep/a.txt"), "a2\n")
        repo.assertHealthy()
    }

    func testSparseIndexIsAClearError() throws {
        let repo = try TempRepository()
        try repo.write("keep/a.txt", "a\n")
        try repo.write("skip/b.txt", "b\n")
        try repo.commitAll()
        try repo.git("sparse-checkout", "set", "--cone", "--sparse-index", "keep")
        XCTAssertThrowsError(try SnapshotStore(repository: try repo.open()).snapshot(reason: "x")) { error in
            guard case .sparseIndexUnsupported? = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("index.sparse"))
        }
    }
}
