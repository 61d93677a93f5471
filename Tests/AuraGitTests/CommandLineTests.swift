import Foundation
import XCTest

/// The built `git-aura` executable run through `git aura`, as users run it.
final class CommandLineTests: XCTestCase {
    /// The directory holding the built products (the test bundle sits next to git-aura).
    static var binDirectory: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("git-aura").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    private func gitAura(_ repo: TempRepository, _ args: [String], in directory: String? = nil,
                         env: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        var extra = env
        extra["PATH"] = Self.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try repo.run("/usr/bin/git", ["aura"] + args, in: directory, env: extra)
    }

    func testGitAuraRunsFromSubdirectoryAndListsATable() throws {
        let repo = try TempRepository()
        try repo.write("src/a.aura", "a\n")
        try repo.commitAll()
        try repo.write("src/a.aura", "b\n")
        let created = try gitAura(repo, ["snapshot", "create", "-m", "before lunch"], in: repo.root + "/src")
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stdout.hasPrefix("created snapshot s-"), created.stdout)
        XCTAssertFalse(created.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")

        let listed = try gitAura(repo, ["snapshots"], in: repo.root + "/src")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let lines = listed.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, listed.stdout)
        XCTAssertTrue(lines[0].hasPrefix("ID"), listed.stdout)
        XCTAssertTrue(lines[1].contains("just now") && lines[1].contains("before lunch") && lines[1].contains("src/a.aura"),
                      listed.stdout)

        let json = try gitAura(repo, ["snapshots", "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(decoded?.first?["reason"] as? String, "before lunch")
        XCTAssertEqual(decoded?.first?["kind"] as? String, "snapshot")

        let coloured = try gitAura(repo, ["snapshots", "--color", "always"])
        XCTAssertTrue(coloured.stdout.contains("\u{1B}["))
        let noColor = try gitAura(repo, ["snapshots", "--color", "auto"], env: ["NO_COLOR": "1"])
        XCTAssertFalse(noColor.stdout.contains("\u{1B}["))
        repo.assertHealthy()
    }

    func testExitCodes() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        let nothing = try gitAura(repo, ["undo"])
        XCTAssertEqual(nothing.status, 1)
        XCTAssertEqual(nothing.stderr, "error: nothing to undo: no heal or restore on the AURA history\n")
        XCTAssertEqual(try gitAura(repo, ["redo"]).status, 1)
        let unknown = try gitAura(repo, ["snapshot", "restore", "nope"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no snapshot or heal with id 'nope'"))
        XCTAssertEqual(try gitAura(repo, ["undo", "--list", "--force"]).status, 64)
        XCTAssertEqual(try gitAura(repo, ["snapshots", "--color", "sometimes"]).status, 64)
        let badConfig = try repo.run("/usr/bin/git", ["-c", "aura.history.size=lots", "aura", "snapshot", "prune"],
                                     env: ["PATH": Self.binDirectory + ":/usr/bin:/bin"])
        XCTAssertEqual(badConfig.status, 78, badConfig.stderr)
        XCTAssertTrue(badConfig.stderr.contains("aura.history.size"))
        let outside = NSTemporaryDirectory() + "aura-outside-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let notRepo = try repo.run(Self.binDirectory + "/git-aura", ["snapshots"], in: outside,
                                   env: ["GIT_CEILING_DIRECTORIES": NSTemporaryDirectory()])
        XCTAssertEqual(notRepo.status, 65)
        XCTAssertTrue(notRepo.stderr.hasPrefix("error: not a git repository"), notRepo.stderr)
    }

    func testUndoRefusalThenForceAndRedoThroughTheCLI() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        XCTAssertEqual(try gitAura(repo, ["snapshot", "create"]).status, 0)
        try repo.write("a.txt", "changed\n")
        let snapshots = try gitAura(repo, ["snapshots", "--json"]).stdout
        let first = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(snapshots.utf8)) as? [[String: Any]])?.last?["id"] as? String)
        let restored = try gitAura(repo, ["snapshot", "restore", first])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual(repo.read("a.txt"), "a\n")
        try repo.write("a.txt", "edited after restore\n")
        let refused = try gitAura(repo, ["undo"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("a.txt changed since; use --force"), refused.stderr)
        let listed = try gitAura(repo, ["undo", "--list"])
        XCTAssertTrue(listed.stdout.contains("restore"), listed.stdout)
        let forced = try gitAura(repo, ["undo", "--force", "--json"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stdout.contains("\"safetySnapshot\" : \"s-"), forced.stdout)
        XCTAssertEqual(repo.read("a.txt"), "changed\n")
        // The file holds what the undo left, so redo may re-apply the restore.
        let redo = try gitAura(repo, ["redo"])
        XCTAssertEqual(redo.status, 0, redo.stderr)
        XCTAssertEqual(repo.read("a.txt"), "a\n")
        XCTAssertEqual(try gitAura(repo, ["redo"]).status, 1, "nothing left to redo")
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }

    func testHonoursGitDirAndGitWorkTreeFromTheEnvironment() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        try repo.write("a.txt", "edited\n")
        let elsewhere = NSTemporaryDirectory() + "aura-env-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let result = try repo.run(Self.binDirectory + "/git-aura", ["snapshot", "create", "-m", "via env"], in: elsewhere,
                                  env: ["GIT_DIR": repo.root + "/.git", "GIT_WORK_TREE": repo.root])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:a.txt"), "edited\n")
    }

    /// `snapshot create` reads its index ahead from process entry; `GIT_INDEX_FILE` still names
    /// the index the snapshot is of (here one that tracks an ignored file the default index
    /// does not), and `GIT_DIR` alone is followed too.
    func testSnapshotCreateUsesTheIndexTheEnvironmentNames() throws {
        let repo = try TempRepository()
        try repo.write(".gitignore", "build/\n")
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        try repo.write("build/keep.txt", "kept\n")
        let otherIndex = repo.root + "/.git/other-index"
        try FileManager.default.copyItem(atPath: repo.root + "/.git/index", toPath: otherIndex)
        try repo.git(["add", "-f", "build/keep.txt"], env: ["GIT_INDEX_FILE": otherIndex])
        let binary = Self.binDirectory + "/git-aura"
        let withOther = try repo.run(binary, ["snapshot", "create", "--json"], in: repo.root, env: ["GIT_INDEX_FILE": otherIndex])
        XCTAssertEqual(withOther.status, 0, withOther.stderr)
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:build/keep.txt"), "kept\n", "tracked in the index GIT_INDEX_FILE names")
        try repo.write("a.txt", "edited\n")
        let withDefault = try repo.run(binary, ["snapshot", "create"], in: repo.root, env: ["GIT_DIR": repo.root + "/.git"])
        XCTAssertEqual(withDefault.status, 0, withDefault.stderr)
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:a.txt"), "edited\n")
        XCTAssertFalse(try repo.git("ls-tree", "-r", "--name-only", "refs/aura/heal").contains("build/"), "ignored and untracked in .git/index")
    }
}
