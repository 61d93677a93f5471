import AuraGit
import AuraLedger
@testable import AuraHeal
import Foundation
import AuraTestSupport
import XCTest

/// Hooks driven by real `git commit` / `git merge` in temporary repositories, with the built
/// `git-aura` on PATH so `git aura ...` in the hook scripts runs this build.
final class HookTests: XCTestCase {
    static let binDirectory: String = {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().path
        if FileManager.default.isExecutableFile(atPath: beside + "/git-aura") { return beside }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/.build/debug"
    }()

    func repository(_ files: [String: String]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository(files: files)
        repo.environment["PATH"] = HookTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return repo
    }

    func testInstallChainsWithAnExistingHookAndUninstallRestoresItExactly() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        let userHook = "#!/bin/sh\necho user-hook-ran >> \"$(git rev-parse --git-dir)/user-hook.log\"\n"
        try userHook.write(toFile: repo.path + "/.git/hooks/pre-commit", atomically: true, encoding: .utf8)
        chmod(repo.path + "/.git/hooks/pre-commit", 0o755)
        try repo.git("aura", "hooks", "install")
        let second = try repo.git("aura", "hooks", "install")
        XCTAssertTrue(second.contains("already installed"), second)
        try repo.write("a.aura", "main = print!(2)\n")
        try repo.git("commit", "-qam", "clean change")
        XCTAssertTrue(try repo.read(".git/user-hook.log").contains("user-hook-ran"), "the existing hook still runs")
        try repo.git("aura", "hooks", "uninstall")
        XCTAssertEqual(try repo.read(".git/hooks/pre-commit"), userHook)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/post-merge"))
    }

    func testHonoursCoreHooksPath() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("config", "core.hooksPath", ".githooks")
        try repo.git("aura", "hooks", "install")
        XCTAssertTrue(try repo.read(".githooks/pre-commit").contains("git aura hook pre-commit"))
    }

    func testBrokenStagedCodeBlocksTheCommitAndCleanCodePasses() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("aura", "hooks", "install")
        let head = try repo.git("rev-parse", "HEAD")
        try repo.write("a.aura", "main = print(1)\n")
        try repo.git("add", "a.aura")
        XCTAssertThrowsError(try repo.git("commit", "-qm", "broken")) { error in
            XCTAssertTrue("\(error)".contains("E0402"), "\(error)")
            XCTAssertTrue("\(error)".contains("commit blocked"), "\(error)")
        }
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
        try repo.write("a.aura", "main = print!(3)\n")
        try repo.git("add", "a.aura")
        XCTAssertNoThrow(try repo.git("commit", "-qm", "fixed"))
    }

    func testCommitAllIsChecked() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("aura", "hooks", "install")
        try repo.write("a.aura", "main = prin!(1)\n")
        XCTAssertThrowsError(try repo.git("commit", "-qam", "broken via -a"))
    }

    func testCommitPathsHealsTheWorkingTreeButNeverTheIndex() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n", "b.aura": "x = 1\n"])
        try repo.git("config", "aura.policy", "supervised")
        try repo.git("aura", "hooks", "install")
        try repo.write("a.aura", "main = print(5)\n")
        let indexBefore = try repo.bytes(".git/index")
        XCTAssertThrowsError(try repo.git("commit", "-qm", "paths", "a.aura")) { error in
            XCTAssertTrue("\(error)".contains("healed 1"), "\(error)")
        }
        XCTAssertEqual(try repo.bytes(".git/index"), indexBefore, "the hook must not touch the real index")
        XCTAssertEqual(try repo.read("a.aura"), "main = print!(5)\n", "the fix is in the working tree, for review")
        XCTAssertEqual(try repo.git("show", "HEAD:a.aura"), "main = print!(1)\n", "nothing was committed")
        try repo.assertHealthy()
    }

    func testAnAlreadyVerifiedTreeIsAnsweredFromTheCache() async throws {
        let repo = try repository(["a.aura": "main = print!(1)\ntest \"t\" { assert_eq(1, 1) }\n"])
        let repository = try Repository.open(at: repo.path)
        let runner = HookRunner(repository: repository, config: try GitConfig(repository: repository, environment: [:]))
        let before = VerificationCounter.value
        let first = try await runner.preCommit()
        XCTAssertEqual(first.status, 0)
        XCTAssertEqual(VerificationCounter.value, before + 1)
        let second = try await runner.preCommit()
        XCTAssertEqual(second.status, 0)
        XCTAssertEqual(VerificationCounter.value, before + 1, "the second check of the same tree must not verify again")
    }

    func testPostMergeHealsWhatAMergeBroke() throws {
        let repo = try repository(["lib.aura": "double(x: i): i = x * 2\n", "app.aura": "use lib\nmain = print!(lib.double(2))\n"])
        try repo.git("config", "aura.policy", "supervised")
        try repo.git("config", "aura.postMerge", "heal")
        try repo.git("checkout", "-qb", "feature")
        try repo.write("app.aura", "use lib\nmain = print(lib.double(2))\n")
        try repo.git("commit", "-qam", "feature (broken)", "--no-verify")
        try repo.git("checkout", "-q", "main")
        try repo.git("aura", "hooks", "install")
        let output = try repo.git("merge", "-q", "feature", combined: true)
        XCTAssertTrue(output.contains("healed"), output)
        XCTAssertEqual(try repo.read("app.aura"), "use lib\nmain = print!(lib.double(2))\n")
        try repo.assertHealthy()
    }

    /// `aura.postMerge = publish` commits the heal on a review branch without ever writing the
    /// working tree (it used to heal the files, publish, then undo).
    func testPostMergePublishNeverTouchesTheWorkingTree() throws {
        let repo = try repository(["lib.aura": "double(x: i): i = x * 2\n", "app.aura": "use lib\nmain = print!(lib.double(2))\n"])
        try repo.git("config", "aura.postMerge", "publish")
        try repo.git("checkout", "-qb", "feature")
        let broken = "use lib\nmain = print(lib.double(2))\n"
        try repo.write("app.aura", broken)
        try repo.git("commit", "-qam", "feature (broken)", "--no-verify")
        try repo.git("checkout", "-q", "main")
        try repo.git("aura", "hooks", "install")
        let output = try repo.git("merge", "-q", "feature", combined: true)
        XCTAssertTrue(output.contains("published a fix for review on branch aura/heal/"), output)
        XCTAssertEqual(try repo.read("app.aura"), broken, "the working tree keeps the merged text")
        let branch = try repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/aura/heal/").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try repo.git("show", "\(branch):app.aura"), "use lib\nmain = print!(lib.double(2))\n")
        let reflog = try repo.git("reflog", "show", "--format=%gs", "refs/aura/heal")
        XCTAssertFalse(reflog.contains("heal"), "no heal was applied and undone on the heal ref: \(reflog)")
        try repo.assertHealthy()
    }

    /// Issue #13: a heal that could not fix everything does not exit 0.
    func testHealExitStatusSaysWhatIsLeft() throws {
        let gitAura = GitTestRepository.executable("git-aura")
        let unfixable = try repository(["a.aura": "use helpers\nmain = print!(1)\n"])
        XCTAssertEqual(try GitTestRepository.run(gitAura, ["heal", "--yes"], in: unfixable.path).status, 2, "no candidate for E0601")
        XCTAssertEqual(try GitTestRepository.run(gitAura, ["heal", "--dry-run"], in: unfixable.path).status, 0)
        let fixable = try repository(["a.aura": "main = print(1)\n"])
        XCTAssertEqual(try GitTestRepository.run(gitAura, ["heal", "--yes"], in: fixable.path).status, 0, "healed")
        let rejected = try repository(["a.aura": "main = print!(1)\n"])
        try rejected.write("a.aura", "main = print!(1)\ntest \"t\" { assert_eq(1, 2) }\n")
        XCTAssertEqual(try GitTestRepository.run(gitAura, ["heal", "--yes"], in: rejected.path).status, 2, "a failing test no rule fixes")
    }

    func testWorksInALinkedWorktree() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("aura", "hooks", "install")
        try repo.git("worktree", "add", "-q", "linked")
        try repo.write("linked/a.aura", "main = print(1)\n")
        XCTAssertThrowsError(try repo.git("-C", "linked", "commit", "-qam", "broken in a worktree"))
    }

    func testPublishCreatesAReviewBranchOnTopOfHeadAndPushes() async throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.write("a.aura", "main = print(1)\n")
        try repo.git("commit", "-qam", "broken")
        _ = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous))).heal()
        let remote = repo.path + "-remote.git"
        defer { try? FileManager.default.removeItem(atPath: remote) }
        try repo.git("init", "-q", "--bare", remote)
        let output = try repo.git("aura", "publish", "--push", remote, "--body-file", "pr.md")
        XCTAssertTrue(output.contains("published aura/heal/h-"), output)
        let branch = try repo.git("for-each-ref", "--format=%(refname)", "refs/heads/aura/heal/").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try repo.git("rev-parse", branch + "^"), try repo.git("rev-parse", "HEAD"), "parent = the user's HEAD")
        XCTAssertEqual(try repo.git("show", branch + ":a.aura"), "main = print!(1)\n")
        XCTAssertTrue(try repo.git("log", "-1", "--format=%B", branch).contains("Co-authored-by: AURA (rules/missing-bang)"))
        XCTAssertTrue(try repo.read("pr.md").contains("```diff"))
        XCTAssertFalse(try repo.git("--git-dir", remote, "for-each-ref", "refs/heads/aura/heal/").isEmpty, "pushed to the remote")
        try repo.git("config", "aura.publish.maxOpen", "1")
        _ = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous))).heal()
        try repo.write("a.aura", "main = print(2)\n")
        _ = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous))).heal()
        XCTAssertThrowsError(try repo.git("aura", "publish")) { XCTAssertTrue("\($0)".contains("maxOpen"), "\($0)") }
        try repo.assertHealthy()
    }

    func testPolicyShowsOriginsAndRejectsInvalidValues() throws {
        let repo = try repository(["a.aura": "x = 1\n"])
        try repo.git("config", "aura.policy", "supervised")
        let shown = try repo.git("aura", "policy", "--color", "never")
        XCTAssertTrue(shown.contains("aura.policy") && shown.contains("supervised") && shown.contains("local"), shown)
        XCTAssertTrue(shown.contains("aura.maxIterations") && shown.contains("default"), shown)
        XCTAssertThrowsError(try repo.git("aura", "policy", "set", "aura.circuitBreaker.window", "soon")) { error in
            XCTAssertTrue("\(error)".contains("aura.circuitBreaker.window") && "\(error)".contains("soon") && "\(error)".contains("30m"), "\(error)")
        }
        try repo.git("config", "aura.policy", "yolo")
        XCTAssertThrowsError(try repo.git("aura", "heal")) { error in
            XCTAssertTrue("\(error)".contains("yolo") && "\(error)".contains("local"), "\(error)")
        }
        XCTAssertNoThrow(try repo.git("aura", "policy", "set", "aura.policy", "manual"))
        XCTAssertEqual(try repo.git("config", "aura.policy").trimmingCharacters(in: .whitespacesAndNewlines), "manual")
    }

    func testAOneFileChangeRerunsOnlyTheTestsThatDependOnIt() throws {
        let repo = try repository([
            "lib.aura": "inc(x: i): i = x + 1\ntest \"inc\" { assert_eq(inc(1), 2) }\n",
            "app.aura": "use lib\ntwice(x: i): i = lib.inc(lib.inc(x))\ntest \"twice\" { assert_eq(twice(1), 3) }\n",
            "other.aura": "neg(x: i): i = 0 - x\ntest \"neg\" { assert_eq(neg(2), -2) }\n",
        ])
        let repository = try Repository.open(at: repo.path)
        let modules = ModuleResults(repository: repository)
        var files: [String: [UInt8]] = [:]
        for name in ["lib.aura", "app.aura", "other.aura"] { files[name] = Array(try repo.read(name).utf8) }
        let first = Verifier.verify(files: files, known: modules)
        modules.record(first)
        XCTAssertEqual(first.skippedModules, [])
        XCTAssertEqual(first.passedTests.count, 3)
        files["lib.aura"] = Array("inc(x: i): i = 1 + x\ntest \"inc\" { assert_eq(inc(1), 2) }\n".utf8)
        let second = Verifier.verify(files: files, known: modules)
        XCTAssertEqual(second.skippedModules, ["other.aura"], "lib changed, and app imports lib: only other.aura is reused")
        XCTAssertEqual(second.passedTests.count, 3)
        XCTAssertTrue(second.isClean)
    }

    func testAHookHealIsRecordedInTheLedgerWithItsTrigger() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("config", "aura.policy", "supervised")
        try repo.git("aura", "hooks", "install")
        try repo.write("a.aura", "main = print(7)\n")
        XCTAssertThrowsError(try repo.git("commit", "-qam", "broken"))
        let ledger = try Ledger.open(repository: try Repository.open(at: repo.path))
        let session = try XCTUnwrap(try ledger.sessions().first { $0.trigger == "pre-commit" })
        XCTAssertNotNil(session.healID, "the hook's heal is on the session")
        XCTAssertTrue(try ledger.attempts().contains { $0.code == "E0402" && $0.outcome == "applied" })
    }

    /// `git-aura hook pre-commit` as the hook script runs it is answered before the argument
    /// parser when the staged tree was verified before; everything else goes the full way. The
    /// two invocations (the second, with `--color never`, always goes the full way) must agree.
    func testTheHookScriptsInvocationAgreesWithTheFullCommand() throws {
        let repo = try repository(["a.aura": "main = print!(1)\ntest \"t\" { assert_eq(1, 1) }\n"])
        let gitAura = HookTests.binDirectory + "/git-aura"
        func both() throws -> [GitTestRepository.Output] {
            try [["hook", "pre-commit"], ["hook", "pre-commit", "--color", "never"]].map {
                try GitTestRepository.run(gitAura, $0, in: repo.path, environment: repo.environment)
            }
        }
        func assertBothBlockAlike(_ outputs: [GitTestRepository.Output], line: UInt = #line) throws {
            XCTAssertNotEqual(outputs[0].status, 0, outputs[0].stderr, line: line)
            XCTAssertEqual(outputs[0].status, outputs[1].status, line: line)
            XCTAssertEqual(outputs[0].stderr, outputs[1].stderr, line: line)
        }
        func sessions() throws -> Int { try Ledger.open(repository: try Repository.open(at: repo.path)).sessions().count }

        let first = try GitTestRepository.run(gitAura, ["hook", "pre-commit"], in: repo.path, environment: repo.environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        let recorded = try sessions()
        XCTAssertGreaterThan(recorded, 0, "the first check runs the full hook and records its session")
        for output in try both() {
            XCTAssertEqual(output.status, 0, output.stderr)
            XCTAssertEqual(output.stdout + output.stderr, "")
        }
        XCTAssertEqual(try sessions(), recorded, "a verified tree is answered without a session, both ways")

        // With aura.hook.format the cache does not answer: formatting is checked both ways.
        try repo.git("config", "aura.hook.format", "true")
        try repo.write("a.aura", "main   =  print!(1)\ntest \"t\" { assert_eq(1, 1) }\n")
        try repo.git("add", "a.aura")
        try assertBothBlockAlike(try both())

        // Broken staged code: blocked, the same way.
        try repo.git("config", "aura.hook.format", "false")
        try repo.git("config", "aura.policy", "manual")
        try repo.write("a.aura", "main = print(1)\n")
        try repo.git("add", "a.aura")
        try assertBothBlockAlike(try both())

        // Outside a repository: the same error.
        let outside = NSTemporaryDirectory() + "aura-outside-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let nowhere = try [["hook", "pre-commit"], ["hook", "pre-commit", "--color", "never"]].map {
            try GitTestRepository.run(gitAura, $0, in: outside, environment: repo.environment.merging(["GIT_CEILING_DIRECTORIES": outside]) { $1 })
        }
        XCTAssertNotEqual(nowhere[0].status, 0)
        XCTAssertEqual(nowhere[0].status, nowhere[1].status)
        XCTAssertEqual(nowhere[0].stderr, nowhere[1].stderr)
        XCTAssertFalse(nowhere[0].stderr.isEmpty)
    }
}
