import Foundation
import XCTest

/// `git aura heal` arguments as git users expect them (issue #14): paths resolved like git's
/// (current directory, or `:/` from the top), a path that matches nothing is a usage error naming
/// it, and answers can come from a pipe (`yes y | git aura heal`), as `git add -p` reads them.
final class HealArgumentsTests: XCTestCase {
    private static let broken = "main = print(\"hello\")\n"
    private static let healed = "main = print!(\"hello\")\n"

    private func gitAura(_ repo: TempRepository, _ args: [String], in directory: String? = nil,
                         input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let path = CommandLineTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try repo.run("/usr/bin/git", ["aura"] + args, in: directory, env: ["PATH": path], input: input)
    }

    /// A repository whose committed `src/app.aura` is broken (a missing `!`, a safe fix).
    private func brokenRepository(policy: String = "supervised") throws -> TempRepository {
        let repo = try TempRepository()
        try repo.write("src/app.aura", Self.broken)
        try repo.write("README.md", "docs\n")
        try repo.commitAll()
        try repo.git("config", "aura.policy", policy)
        return repo
    }

    func testAPathThatMatchesNothingIsAUsageErrorNamingIt() throws {
        let repo = try brokenRepository()
        let missing = try gitAura(repo, ["heal", "nonexistent.aura"])
        XCTAssertEqual(missing.status, 64, missing.stdout + missing.stderr)
        XCTAssertTrue(missing.stderr.contains("`nonexistent.aura` matches no file"), missing.stderr)
        XCTAssertFalse(missing.stdout.contains("nothing to heal"), missing.stdout)
        let notAura = try gitAura(repo, ["heal", "README.md"])
        XCTAssertEqual(notAura.status, 64, notAura.stderr)
        XCTAssertTrue(notAura.stderr.contains("`README.md` is not an AURA file"), notAura.stderr)
        try FileManager.default.createDirectory(atPath: repo.root + "/empty", withIntermediateDirectories: true)
        let empty = try gitAura(repo, ["heal", "empty"])
        XCTAssertEqual(empty.status, 64, empty.stderr)
        XCTAssertTrue(empty.stderr.contains("`empty` holds no .aura file"), empty.stderr)
        XCTAssertEqual(repo.read("src/app.aura"), Self.broken, "a usage error changes nothing")
        XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/aura/heal"), "and records nothing")
    }

    /// The same typo in two functions is one problem id twice: `--items 2` heals the second
    /// occurrence, not the first.
    func testItemsHealsTheChosenOccurrenceOfARepeatedProblem() throws {
        let repo = try TempRepository()
        try repo.write("main.aura", "hello!(n: i) = prnt!(n)\n\nbye!(n: i) = prnt!(n)\n\nmain = {\n    hello!(1)\n    bye!(2)\n}\n")
        try repo.commitAll()
        let healed = try gitAura(repo, ["heal", "--yes", "--items", "2"])
        XCTAssertEqual(healed.status, 0, healed.stdout + healed.stderr)
        XCTAssertEqual(repo.read("main.aura"), "hello!(n: i) = prnt!(n)\n\nbye!(n: i) = print!(n)\n\nmain = {\n    hello!(1)\n    bye!(2)\n}\n")
    }

    func testAPathOutsideTheRepositoryIsAUsageError() throws {
        let repo = try brokenRepository()
        let outside = try gitAura(repo, ["heal", "/etc/passwd"])
        XCTAssertEqual(outside.status, 64, outside.stderr)
        XCTAssertTrue(outside.stderr.contains("`/etc/passwd` is outside the repository"), outside.stderr)
        let dotdot = try gitAura(repo, ["heal", "../.."], in: repo.root + "/src")
        XCTAssertEqual(dotdot.status, 64, dotdot.stderr)
        XCTAssertEqual(repo.read("src/app.aura"), Self.broken)
    }

    func testPathsAreRelativeToTheCurrentDirectoryOrToTheTopWithColonSlash() throws {
        let repo = try brokenRepository()
        // From src/, the project-relative spelling names src/src/app.aura, which does not exist.
        let projectRelative = try gitAura(repo, ["heal", "--dry-run", "src/app.aura"], in: repo.root + "/src")
        XCTAssertEqual(projectRelative.status, 64, projectRelative.stderr)
        XCTAssertTrue(projectRelative.stderr.contains("looked for src/src/app.aura"), projectRelative.stderr)
        XCTAssertTrue(projectRelative.stderr.contains(":/path"), "the message says how to name it from the top")
        let fromTop = try gitAura(repo, ["heal", "--dry-run", ":/src/app.aura"], in: repo.root + "/src")
        XCTAssertEqual(fromTop.status, 0, fromTop.stderr)
        XCTAssertTrue(fromTop.stdout.contains("src/app.aura"), fromTop.stdout)
        let relative = try gitAura(repo, ["heal", "app.aura"], in: repo.root + "/src")
        XCTAssertEqual(relative.status, 0, relative.stdout + relative.stderr)
        XCTAssertEqual(repo.read("src/app.aura"), Self.healed)
        XCTAssertEqual(try repo.git("show", "refs/aura/heal:src/app.aura"), Self.healed)
        repo.assertHealthy()
    }

    func testAnswersOnAPipeAreRead() throws {
        let repo = try brokenRepository(policy: "guided")
        let declined = try gitAura(repo, ["heal"], input: "n\n")
        XCTAssertTrue(declined.stdout.contains("apply this fix? [y/N] n"), "the piped answer is shown: \(declined.stdout)")
        XCTAssertTrue(declined.stdout.contains("declined"), declined.stdout)
        XCTAssertEqual(repo.read("src/app.aura"), Self.broken)

        let approved = try gitAura(repo, ["heal"], input: String(repeating: "y\n", count: 20))
        XCTAssertEqual(approved.status, 0, approved.stdout + approved.stderr)
        XCTAssertTrue(approved.stdout.contains("apply this fix? [y/N] y"), approved.stdout)
        XCTAssertEqual(repo.read("src/app.aura"), Self.healed)
        repo.assertHealthy()
    }

    func testEndOfInputLeavesTheFixWaitingAndSaysHowToApproveIt() throws {
        let repo = try brokenRepository(policy: "guided")
        let unanswered = try gitAura(repo, ["heal"], input: "")
        XCTAssertEqual(unanswered.status, 1, unanswered.stdout + unanswered.stderr)
        XCTAssertTrue(unanswered.stdout.contains("no answer on standard input"), unanswered.stdout)
        XCTAssertTrue(unanswered.stdout.contains("`yes y | git aura heal`"), unanswered.stdout)
        XCTAssertTrue(unanswered.stdout.contains("`git aura heal --yes`"), unanswered.stdout)
        XCTAssertEqual(repo.read("src/app.aura"), Self.broken)
    }
}
