import AuraTestSupport
import Foundation
import XCTest

/// `git aura hooks install|uninstall|status` on real repositories: the hooks directory is the one
/// git uses (`git rev-parse --git-path hooks` is the oracle), and uninstall never loses a byte
/// the user wrote.
final class HookInstallTests: XCTestCase {
    var home = ""

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "aura-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: home) }

    /// A repository whose git and git-aura see `HOME` = a temporary directory.
    func repository(_ files: [String: String] = ["a.aura": "main = print!(1)\n"]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository(files: files)
        repo.environment["PATH"] = HookTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        repo.environment["HOME"] = home
        return repo
    }

    /// The hooks directory git uses, as an absolute canonical path, asked from `directory`.
    func gitHooksDirectory(_ repo: TemporaryRepository, in directory: String = "") throws -> String {
        let printed = try repo.git("-C", repo.path + "/" + directory, "rev-parse", "--git-path", "hooks")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let absolute = printed.hasPrefix("/") ? printed : repo.path + "/" + directory + "/" + printed
        return canonical(absolute)
    }

    func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }

    /// Puts a user's pre-commit hook in `hooks`, then installs AURA's over it (chained); returns
    /// the user's hook text.
    func installOverUserHook(_ repo: TemporaryRepository, _ hooks: String) throws -> String {
        let userHook = "#!/bin/sh\necho user-hook\n"
        try userHook.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        chmod(hooks + "/pre-commit", 0o755)
        try repo.git("aura", "hooks", "install")
        return userHook
    }

    func hookScript(at directory: String) -> String? { try? String(contentsOfFile: directory + "/pre-commit", encoding: .utf8) }

    // MARK: - core.hooksPath as git expands it

    func testTildeHooksPathIsExpandedFromHome() throws {
        let repo = try repository()
        try repo.git("config", "core.hooksPath", "~/hp")
        let output = try repo.git("aura", "hooks", "install")
        let expected = try gitHooksDirectory(repo)
        XCTAssertEqual(expected, canonical(home + "/hp"), "the oracle: git expands ~ from HOME")
        XCTAssertTrue(hookScript(at: expected)?.contains("git aura hook pre-commit") ?? false, output)
        XCTAssertTrue(output.contains(home + "/hp"), "the message names the real directory: \(output)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/~"), "no literal ./~ directory")
        // git really runs it: a broken commit is blocked.
        try repo.write("a.aura", "main = print(2)\n")
        XCTAssertThrowsError(try repo.git("commit", "-qam", "broken")) { XCTAssertTrue("\($0)".contains("commit blocked"), "\($0)") }
    }

    func testTildeUserHooksPathIsExpandedFromThatUsersHome() throws {
        let repo = try repository()
        let user = ProcessInfo.processInfo.userName
        try repo.git("config", "core.hooksPath", "~\(user)/aura-hooks-\(UUID().uuidString)")
        let status = try repo.git("aura", "hooks", "status")
        let shown = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("hooks directory: ") })
        XCTAssertEqual(canonical(String(shown.dropFirst("hooks directory: ".count))), try gitHooksDirectory(repo), status)
    }

    func testRelativeHooksPathIsFromTheTopOfTheWorkingTreeEvenInASubdirectory() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n", "sub/b.aura": "x = 1\n"])
        try repo.git("config", "core.hooksPath", "rel/hp")
        try repo.git("-C", "sub", "aura", "hooks", "install")
        let expected = try gitHooksDirectory(repo, in: "sub")
        XCTAssertEqual(expected, canonical(repo.path + "/rel/hp"))
        XCTAssertNotNil(hookScript(at: expected))
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/sub/rel"), "not relative to the current directory")
    }

    func testRelativeHooksPathInALinkedWorktreeIsFromThatWorktreesTop() throws {
        let repo = try repository()
        try repo.git("config", "core.hooksPath", "rel/hp")
        try repo.git("worktree", "add", "-q", "linked")
        try repo.git("-C", "linked", "aura", "hooks", "install")
        let expected = try gitHooksDirectory(repo, in: "linked")
        XCTAssertEqual(expected, canonical(repo.path + "/linked/rel/hp"))
        XCTAssertNotNil(hookScript(at: expected))
        try repo.write("linked/a.aura", "main = print(1)\n")
        XCTAssertThrowsError(try repo.git("-C", "linked", "commit", "-qam", "broken in a worktree"))
    }

    func testAHooksPathGitCannotExpandIsAConfigurationError() throws {
        let repo = try repository()
        try repo.git("config", "core.hooksPath", "~no-such-user-aura/hp")
        XCTAssertThrowsError(try repo.git("rev-parse", "--git-path", "hooks"), "git itself refuses it")
        let result = try GitTestRepository.run("/usr/bin/git", ["aura", "hooks", "install"], in: repo.path, environment: repo.environment)
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("core.hooksPath") && result.stderr.contains("no-such-user-aura"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/~no-such-user-aura"))
    }

    // MARK: - uninstall keeps the user's bytes

    func testUninstallRefusesToDiscardAnEditedHookAndForceSavesItFirst() throws {
        let repo = try repository()
        let hooks = try gitHooksDirectory(repo)
        let before = try FileManager.default.contentsOfDirectory(atPath: hooks).sorted()
        try repo.git("aura", "hooks", "install")
        let edited = try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8) + "echo my-addition\n"
        try edited.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)

        let refused = try GitTestRepository.run("/usr/bin/git", ["aura", "hooks", "uninstall"], in: repo.path, environment: repo.environment)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("+echo my-addition"), "the diff is shown: \(refused.stderr)")
        XCTAssertTrue(refused.stderr.contains("git aura hooks uninstall --force") && refused.stderr.contains("pre-commit.aura-edited"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), edited, "nothing removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: hooks + "/post-merge"), "refused as a whole: post-merge stays too")

        let forced = try repo.git("aura", "hooks", "uninstall", "--force")
        XCTAssertTrue(forced.contains(hooks + "/pre-commit.aura-edited"), forced)
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit.aura-edited", encoding: .utf8), edited, "every edited byte kept")
        let after = try FileManager.default.contentsOfDirectory(atPath: hooks).sorted()
        XCTAssertEqual(after, (before + ["pre-commit.aura-edited"]).sorted(), "only the saved edit is left of AURA's files")
    }

    func testForcedUninstallOfAnEditedHookAlsoPutsTheChainedHookBack() throws {
        let repo = try repository()
        let hooks = try gitHooksDirectory(repo)
        let userHook = try installOverUserHook(repo, hooks)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: hooks + "/pre-commit"))
        handle.seekToEndOfFile()
        handle.write(Data("# tweaked\n".utf8))
        try handle.close()
        try repo.git("aura", "hooks", "uninstall", "--force")
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), userHook)
        XCTAssertTrue(try String(contentsOfFile: hooks + "/pre-commit.aura-edited", encoding: .utf8).hasSuffix("# tweaked\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit.aura-chained"))
    }

    func testUninstallAfterAnotherToolReplacedTheHookKeepsAndExplainsTheChainedHook() throws {
        let repo = try repository()
        let hooks = try gitHooksDirectory(repo)
        let userHook = try installOverUserHook(repo, hooks)
        let otherTool = "#!/bin/sh\necho other-tool\n"
        try otherTool.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)

        let output = try repo.git("aura", "hooks", "uninstall")
        XCTAssertTrue(output.contains("another tool replaced it") && output.contains(hooks + "/pre-commit.aura-chained")
                      && output.contains("nothing runs it"), output)
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), otherTool, "the other tool's hook is left alone")
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit.aura-chained", encoding: .utf8), userHook, "the user's bytes are kept")
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-merge"), "AURA's post-merge is removed")
    }

    func testUninstallPutsTheChainedHookBackWhenAurasHookWasDeleted() throws {
        let repo = try repository()
        let hooks = try gitHooksDirectory(repo)
        let userHook = "#!/bin/sh\necho user-hook\n"
        try userHook.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        try repo.git("aura", "hooks", "install")
        try FileManager.default.removeItem(atPath: hooks + "/pre-commit")
        let output = try repo.git("aura", "hooks", "uninstall")
        XCTAssertTrue(output.contains("your previous hook is back"), output)
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), userHook)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit.aura-chained"))
    }

    func testStatusSaysWhereAndWhetherTheHookWasEdited() throws {
        let repo = try repository()
        try repo.git("aura", "hooks", "install")
        let hooks = try gitHooksDirectory(repo)
        try (try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8) + "# mine\n")
            .write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        let status = try repo.git("aura", "hooks", "status")
        XCTAssertTrue(status.contains("pre-commit: installed, edited since it was installed"), status)
        XCTAssertTrue(status.contains("post-merge: installed\n"), status)
    }

    // MARK: - The script: no process before git-aura; earlier versions' scripts are updated

    /// The pre-commit script `git aura hooks install` wrote before it ran `git-aura` directly —
    /// byte for byte, as it is in repositories today.
    static let earlierPreCommitScript = """
        #!/bin/sh
        # aura-hook: installed by `git aura hooks install`; `git aura hooks uninstall` removes it.
        # A hook that was here before is kept as pre-commit.aura-chained and runs first.
        chained="$(dirname "$0")/pre-commit.aura-chained"
        if [ -x "$chained" ]; then
            "$chained" "$@" || exit $?
        fi
        exec git aura hook pre-commit

        """

    /// A directory holding only executable scripts `name` that record their arguments in
    /// `<name>.args` beside them.
    func stubDirectory(_ names: [String]) throws -> String {
        let directory = home + "/stubs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in names {
            try "#!/bin/sh\necho \"$@\" > \"\(directory)/\(name).args\"\n".write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
            chmod(directory + "/" + name, 0o755)
        }
        return directory
    }

    func testTheHookRunsTheChainedHookThenGitAuraWithoutAnyOtherProcess() throws {
        let repo = try repository()
        let hooks = try gitHooksDirectory(repo)
        try "#!/bin/sh\necho chained \"$@\" > \"$(pwd)/chained.ran\"\n".write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        chmod(hooks + "/pre-commit", 0o755)
        try repo.git("aura", "hooks", "install")
        // PATH holds nothing but a stub git-aura: the earlier script needed `dirname` and `git`.
        let stubs = try stubDirectory(["git-aura"])
        let run = try GitTestRepository.run(hooks + "/pre-commit", [], in: repo.path, environment: ["PATH": stubs])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try String(contentsOfFile: stubs + "/git-aura.args", encoding: .utf8), "hook pre-commit\n")
        XCTAssertEqual(try String(contentsOfFile: repo.path + "/chained.ran", encoding: .utf8), "chained\n", "the chained hook ran first")

        let merge = try GitTestRepository.run(hooks + "/post-merge", ["1"], in: repo.path, environment: ["PATH": stubs])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertEqual(try String(contentsOfFile: stubs + "/git-aura.args", encoding: .utf8), "hook post-merge 1\n")

        // git-aura only in git's exec-path and the hook run by hand: `git aura` finds it.
        let gitOnly = try stubDirectory(["git"])
        let fallback = try GitTestRepository.run(hooks + "/pre-commit", [], in: repo.path, environment: ["PATH": gitOnly])
        XCTAssertEqual(fallback.status, 0, fallback.stderr)
        XCTAssertEqual(try String(contentsOfFile: gitOnly + "/git.args", encoding: .utf8), "aura hook pre-commit\n")
    }

    func testInstallUpdatesTheScriptAnEarlierVersionInstalledAndLeavesAnEditedOneAlone() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        let hooks = try gitHooksDirectory(repo)
        try repo.git("aura", "hooks", "install")
        let current = try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8)
        try Self.earlierPreCommitScript.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)

        let status = try repo.git("aura", "hooks", "status")
        XCTAssertTrue(status.contains("pre-commit: installed, by an earlier version (`git aura hooks install` updates it)"), status)
        XCTAssertFalse(status.contains("edited"), status)
        let output = try repo.git("aura", "hooks", "install")
        XCTAssertTrue(output.contains("updated pre-commit in \(hooks)"), output)
        XCTAssertTrue(output.contains("post-merge already installed"), output)
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), current)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: hooks + "/pre-commit"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit.aura-new"), "no temporary file left")
        XCTAssertTrue(try repo.git("aura", "hooks", "status").contains("pre-commit: installed\n"))

        // The updated hook blocks a broken commit through real git.
        try repo.write("a.aura", "main = print(1)\n")
        try repo.git("add", "a.aura")
        let blocked = try GitTestRepository.run("/usr/bin/git", ["commit", "-qm", "broken"], in: repo.path, environment: repo.environment)
        XCTAssertNotEqual(blocked.status, 0, "the commit is blocked: \(blocked.stderr)")

        // One byte added to an earlier script makes it the user's: install leaves it alone.
        let edited = Self.earlierPreCommitScript + "# mine\n"
        try edited.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        XCTAssertTrue(try repo.git("aura", "hooks", "install").contains("pre-commit already installed"))
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), edited)
        XCTAssertTrue(try repo.git("aura", "hooks", "status").contains("pre-commit: installed, edited since it was installed"))
    }

    func testUninstallRemovesAnEarlierVersionsScriptWithoutForce() throws {
        let repo = try repository()
        let hooks = try gitHooksDirectory(repo)
        let userHook = try installOverUserHook(repo, hooks)
        try Self.earlierPreCommitScript.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        let output = try repo.git("aura", "hooks", "uninstall")
        XCTAssertTrue(output.contains("removed pre-commit; your previous hook is back"), output)
        XCTAssertEqual(try String(contentsOfFile: hooks + "/pre-commit", encoding: .utf8), userHook)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit.aura-edited"), "not an edit: nothing saved")
    }
}
