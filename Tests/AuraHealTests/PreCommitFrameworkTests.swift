import AuraLedger
import AuraGit
import AuraTestSupport
import Foundation
import XCTest

/// The pre-commit framework (https://pre-commit.com, from PyPI) runs AURA through this
/// checkout's .pre-commit-hooks.yaml on real repositories.
///
/// PyPI is reached at most once per machine: the wheels are downloaded into a cache that
/// outlives the test run (`$AURA_TEST_CACHE`, else `~/.cache/aura-tests/pip`), and one venv per
/// run is installed from it with `--no-index`; a second run is offline.
final class PreCommitFrameworkTests: XCTestCase {
    /// The venv, the framework's store and the hook repository, shared by the class.
    struct Framework {
        let work: String
        let preCommit: String
        /// A git repository holding this checkout's .pre-commit-hooks.yaml as it is now.
        let hookRepository: String
        let hookRevision: String
    }

    nonisolated(unsafe) static var framework: Result<Framework, SetupFailure>?

    struct SetupFailure: Error, CustomStringConvertible { let description: String }

    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = HookTests.binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        if case .success(let framework)? = framework { environment["PRE_COMMIT_HOME"] = framework.work + "/store" }
        return environment
    }

    static var cacheDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["AURA_TEST_CACHE"], !cache.isEmpty { return cache + "/pip" }
        return (environment["HOME"] ?? NSTemporaryDirectory()) + "/.cache/aura-tests/pip"
    }

    override class func setUp() {
        super.setUp()
        framework = Result { try install() }.mapError { $0 as? SetupFailure ?? SetupFailure(description: "\($0)") }
    }

    override class func tearDown() {
        if case .success(let framework)? = framework { try? FileManager.default.removeItem(atPath: framework.work) }
        framework = nil
        super.tearDown()
    }

    static func install() throws -> Framework {
        let work = NSTemporaryDirectory() + "aura-pre-commit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let environment = Self.environment
        let venv = try GitTestRepository.run("/usr/bin/env", ["python3", "-m", "venv", work + "/venv"], in: work, environment: environment)
        guard venv.status == 0 else { throw SetupFailure(description: "python3 -m venv failed (make deps installs python3-venv): \(venv.stderr)") }
        let pip = work + "/venv/bin/pip"
        let cache = cacheDirectory
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let offline = ["install", "-q", "--no-index", "--find-links", cache, "pre-commit"]
        if try GitTestRepository.run(pip, offline, in: work, environment: environment).status != 0 {
            // First run on this machine (or a new Python): fetch the wheels once, then install offline.
            let download = try GitTestRepository.run(pip, ["download", "-q", "-d", cache, "pre-commit"], in: work, environment: environment)
            guard download.status == 0 else { throw SetupFailure(description: "pre-commit could not be downloaded from PyPI: \(download.stderr.suffix(300))") }
            let installed = try GitTestRepository.run(pip, offline, in: work, environment: environment)
            guard installed.status == 0 else { throw SetupFailure(description: "pre-commit did not install from \(cache): \(installed.stderr.suffix(300))") }
        }
        // The hook definition is this checkout's .pre-commit-hooks.yaml, which must be committed.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let tracked = try GitTestRepository.run("/usr/bin/git", ["ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"], in: root.path)
        guard tracked.status == 0 else { throw SetupFailure(description: ".pre-commit-hooks.yaml must be committed") }
        let definition = try String(contentsOfFile: root.path + "/.pre-commit-hooks.yaml", encoding: .utf8)
        let kept = work + "/hook-repository"
        try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
        try definition.write(toFile: kept + "/.pre-commit-hooks.yaml", atomically: false, encoding: .utf8)
        for arguments in [["init", "-q"], ["add", "."], ["-c", "user.name=AURA tests", "-c", "user.email=test@example.com", "commit", "-qm", "hooks"]] {
            let result = try GitTestRepository.run("/usr/bin/git", arguments, in: kept)
            guard result.status == 0 else { throw SetupFailure(description: "git \(arguments.joined(separator: " ")): \(result.stderr)") }
        }
        let revision = try GitTestRepository.run("/usr/bin/git", ["rev-parse", "HEAD"], in: kept).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return Framework(work: work, preCommit: work + "/venv/bin/pre-commit", hookRepository: kept, hookRevision: revision)
    }

    func installed() throws -> Framework {
        switch Self.framework {
        case .success(let framework)?: return framework
        case .failure(let failure)?: throw failure
        case nil: throw SetupFailure(description: "class setUp did not run")
        }
    }

    /// A repository configured for the framework with this checkout's `aura` hook.
    func repository(_ files: [String: String]) throws -> TemporaryRepository {
        let framework = try installed()
        var all = files
        all[".pre-commit-config.yaml"] = "repos:\n- repo: \(framework.hookRepository)\n  rev: \(framework.hookRevision)\n  hooks:\n  - id: aura\n"
        let repo = try TemporaryRepository(files: all)
        repo.environment = Self.environment
        return repo
    }

    func preCommit(_ arguments: [String], in repo: TemporaryRepository) throws -> (status: Int32, output: String) {
        let result = try GitTestRepository.run(try installed().preCommit, arguments, in: repo.path, environment: repo.environment)
        return (result.status, result.stdout + result.stderr)
    }

    func commit(_ repo: TemporaryRepository, _ message: String) throws -> (status: Int32, output: String) {
        let result = try GitTestRepository.run("/usr/bin/git", ["commit", "-qm", message], in: repo.path, environment: repo.environment)
        return (result.status, result.stdout + result.stderr)
    }

    // MARK: - The commit path

    func testThePreCommitFrameworkRunsAura() throws {
        let repo = try repository(["app.aura": "main = print!(1)\n"])
        let install = try preCommit(["install"], in: repo)
        XCTAssertEqual(install.status, 0, install.output)
        try repo.write("app.aura", "main = print(2)\n")
        try repo.git("add", "app.aura")
        let blocked = try commit(repo, "broken")
        XCTAssertNotEqual(blocked.status, 0, "a broken file must block the commit")
        XCTAssertTrue(blocked.output.contains("E0402"), blocked.output)
        try repo.write("app.aura", "main = print!(2)\n")
        try repo.git("add", "app.aura")
        let passed = try commit(repo, "fixed")
        XCTAssertEqual(passed.status, 0, passed.output)
    }

    // MARK: - A gate for CI: the files it is given, as they are on disk

    func testAllFilesFailsOnCommittedBrokenCodeAndPassesWhenFixed() throws {
        let repo = try repository(["lib.aura": "double(x: i): i = x * 2\n", "app.aura": "use lib\nmain = print(lib.double(2))\n"])
        let failed = try preCommit(["run", "--all-files", "--color", "never"], in: repo)
        XCTAssertNotEqual(failed.status, 0, "committed broken code must fail: \(failed.output)")
        XCTAssertTrue(failed.output.contains("Failed") && failed.output.contains("E0402") && failed.output.contains("app.aura"), failed.output)
        XCTAssertEqual(try repo.git("status", "--porcelain"), "", "guided policy: nothing written")

        try repo.write("app.aura", "use lib\nmain = print!(lib.double(2))\n")
        try repo.git("commit", "-qam", "fixed", "--no-verify")
        let passed = try preCommit(["run", "--all-files", "--color", "never"], in: repo)
        XCTAssertEqual(passed.status, 0, passed.output)
        XCTAssertTrue(passed.output.contains("Passed"), passed.output)
    }

    func testAllFilesReportsAFailingTestAnywhere() throws {
        let repo = try repository(["lib.aura": "inc(x: i): i = x + 2\n", "t.aura": "use lib\ntest \"inc\" { assert_eq(lib.inc(1), 2) }\n"])
        let failed = try preCommit(["run", "--all-files", "--color", "never"], in: repo)
        XCTAssertNotEqual(failed.status, 0, failed.output)
        XCTAssertTrue(failed.output.contains("inc"), failed.output)
    }

    func testTryRepoFailsOnCommittedBrokenCode() throws {
        let framework = try installed()
        let repo = try repository(["app.aura": "main = print(1)\n"])
        let tried = try preCommit(["try-repo", framework.hookRepository, "aura", "--all-files", "--color", "never"], in: repo)
        XCTAssertNotEqual(tried.status, 0, tried.output)
        XCTAssertTrue(tried.output.contains("Failed") && tried.output.contains("E0402"), tried.output)
        try repo.write("app.aura", "main = print!(1)\n")
        try repo.git("commit", "-qam", "fixed")
        let passed = try preCommit(["try-repo", framework.hookRepository, "aura", "--all-files", "--color", "never"], in: repo)
        XCTAssertEqual(passed.status, 0, passed.output)
    }

    // MARK: - Never write while the framework has stashed changes

    func testPartialStagingUnderSupervisedWritesNothingAndSaysHowToApply() throws {
        let repo = try repository(["app.aura": "main = print!(1)\n"])
        try repo.git("config", "aura.policy", "supervised")
        XCTAssertEqual(try preCommit(["install"], in: repo).status, 0)
        try repo.write("app.aura", "main = print(2)\n")
        try repo.git("add", "app.aura")
        let unstaged = "main = print(2)\nother = 3\n"
        try repo.write("app.aura", unstaged)
        let indexBefore = try repo.git("ls-files", "-s")

        let blocked = try commit(repo, "partial")
        XCTAssertNotEqual(blocked.status, 0, blocked.output)
        XCTAssertTrue(blocked.output.contains("E0402"), blocked.output)
        XCTAssertFalse(blocked.output.contains("Rolling back fixes"), "AURA wrote nothing the framework had to roll back: \(blocked.output)")
        XCTAssertTrue(blocked.output.contains("wrote nothing") && blocked.output.contains("stashed")
                      && blocked.output.contains("`git aura heal`"), blocked.output)
        XCTAssertEqual(try repo.read("app.aura"), unstaged, "the working tree is byte-identical")
        XCTAssertEqual(try repo.git("ls-files", "-s"), indexBefore, "the index is untouched")
        XCTAssertNil(try? repo.git("rev-parse", "--verify", "-q", "refs/aura/heal"), "no snapshot or heal recorded")
        let ledger = try Ledger.open(repository: try Repository.open(at: repo.path))
        XCTAssertFalse(try ledger.attempts().contains { $0.outcome == "applied" }, "nothing recorded as applied")

        // The command the message names does apply the fix, to the user's whole working tree.
        let healed = try GitTestRepository.run("/usr/bin/git", ["aura", "heal"], in: repo.path, environment: repo.environment)
        XCTAssertEqual(healed.status, 0, healed.stdout + healed.stderr)
        XCTAssertEqual(try repo.read("app.aura"), "main = print!(2)\nother = 3\n")
        try repo.assertHealthy()
    }

    func testWithNothingUnstagedTheHealIsInPlaceAndTheFrameworkReportsModifiedFiles() throws {
        let repo = try repository(["app.aura": "main = print!(1)\n"])
        try repo.git("config", "aura.policy", "supervised")
        XCTAssertEqual(try preCommit(["install"], in: repo).status, 0)
        try repo.write("app.aura", "main = print(2)\n")
        try repo.git("add", "app.aura")
        let blocked = try commit(repo, "broken")
        XCTAssertNotEqual(blocked.status, 0, blocked.output)
        XCTAssertTrue(blocked.output.contains("files were modified by this hook") && blocked.output.contains("healed 1"), blocked.output)
        XCTAssertEqual(try repo.read("app.aura"), "main = print!(2)\n", "the fix is in the working tree, for review")
        XCTAssertEqual(try repo.git("show", ":app.aura"), "main = print(2)\n", "never staged")
        XCTAssertTrue(try repo.git("log", "--format=%B", "refs/aura/heal").contains("Aura-Op: heal"), "the heal that stayed is recorded")
        try repo.git("add", "app.aura")
        XCTAssertEqual(try commit(repo, "healed").status, 0)
    }

    // MARK: - Uninstall after `pre-commit install` replaced AURA's hook

    func testUninstallAfterPreCommitInstallHandsTheUsersHookToTheFramework() throws {
        let repo = try repository(["app.aura": "main = print!(1)\n"])
        let hooks = repo.path + "/.git/hooks"
        let userHook = "#!/bin/sh\necho user-hook-ran >> \"$(git rev-parse --git-dir)/user-hook.log\"\n"
        try userHook.write(toFile: hooks + "/pre-commit", atomically: false, encoding: .utf8)
        chmod(hooks + "/pre-commit", 0o755)
        try repo.git("aura", "hooks", "install")
        XCTAssertEqual(try preCommit(["install"], in: repo).status, 0)
        XCTAssertTrue(try repo.read(".git/hooks/pre-commit.legacy").contains("# aura-hook"), "the framework moved AURA's script aside")

        let output = try repo.git("aura", "hooks", "uninstall")
        XCTAssertTrue(output.contains("pre-commit.legacy"), output)
        XCTAssertEqual(try repo.read(".git/hooks/pre-commit.legacy"), userHook, "the framework now runs the user's hook as its legacy hook")
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit.aura-chained"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/post-merge"))
        try repo.write("app.aura", "main = print!(2)\n")
        XCTAssertEqual(try GitTestRepository.run("/usr/bin/git", ["commit", "-qam", "after uninstall"], in: repo.path, environment: repo.environment).status, 0)
        XCTAssertTrue(try repo.read(".git/user-hook.log").contains("user-hook-ran"), "the user's hook still runs")
    }
}
