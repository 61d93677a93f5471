@testable import AuraHeal
import AuraTestSupport
import Foundation
import XCTest

/// `git aura hook pre-commit FILES...` (what the pre-commit framework runs) and how AURA tells
/// that the framework has stashed the user's changes.
final class HookFileArgumentsTests: XCTestCase {
    func repository(_ files: [String: String]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository(files: files)
        repo.environment["PATH"] = HookTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return repo
    }

    func hook(_ arguments: [String], in repo: TemporaryRepository, directory: String = "") throws -> GitTestRepository.Output {
        try GitTestRepository.run("/usr/bin/git", ["aura", "hook", "pre-commit", "--color", "never", "--"] + arguments,
                                  in: repo.path + "/" + directory, environment: repo.environment)
    }

    func testGivenFilesAreCheckedOnDiskAndOnlyTheirErrorsAreReported() throws {
        let repo = try repository(["good.aura": "main = print!(1)\n", "bad.aura": "x = prin!(1)\n"])
        let other = try hook(["good.aura"], in: repo)
        XCTAssertEqual(other.status, 0, "bad.aura was not given: \(other.stderr)")
        let given = try hook(["bad.aura"], in: repo)
        XCTAssertEqual(given.status, 1, given.stderr)
        XCTAssertTrue(given.stderr.contains("bad.aura") && given.stderr.contains("commit blocked"), given.stderr)
        // On disk, not staged: an unstaged fix makes it pass.
        try repo.write("bad.aura", "x = 1\n")
        XCTAssertEqual(try hook(["bad.aura"], in: repo).status, 0)
        XCTAssertEqual(try repo.git("diff", "--cached", "--name-only"), "", "nothing staged")
    }

    func testGivenFilesAreRelativeToTheCurrentDirectory() throws {
        let repo = try repository(["sub/bad.aura": "x = prin!(1)\n"])
        let result = try hook(["bad.aura"], in: repo, directory: "sub")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("sub/bad.aura"), result.stderr)
        let outside = try hook(["../../elsewhere.aura"], in: repo, directory: "sub")
        // A usage error: exit 64.
        XCTAssertEqual(outside.status, 64, "a usage error: " + outside.stderr)
        XCTAssertTrue(outside.stderr.contains("outside the repository"), outside.stderr)
    }

    func testAFailingTestCountsWhicheverFileIsGiven() throws {
        let repo = try repository(["lib.aura": "inc(x: i): i = x + 2\n", "t.aura": "use lib\ntest \"inc\" { assert_eq(lib.inc(1), 2) }\n",
                                   "other.aura": "y = 1\n"])
        let result = try hook(["other.aura"], in: repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("inc"), result.stderr)
    }

    // MARK: - Detecting the framework's stash

    func testTheStashIsTheFrameworksPatchNamedAfterAnAncestor() throws {
        let store = NSTemporaryDirectory() + "aura-pre-commit-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: store) }
        let environment = ["PRE_COMMIT": "1", "PRE_COMMIT_HOME": store]
        XCTAssertEqual(PreCommitFramework.detect(environment: [:], ancestors: [42]), .absent)
        XCTAssertFalse(PreCommitFramework.detect(environment: environment, ancestors: [42]).hasStashed, "no patch: nothing stashed")
        try "diff".write(toFile: store + "/patch1700000000-7", atomically: false, encoding: .utf8)
        XCTAssertFalse(PreCommitFramework.detect(environment: environment, ancestors: [42]).hasStashed, "another run's patch")
        try "diff".write(toFile: store + "/patch1700000001-42", atomically: false, encoding: .utf8)
        let stashed = PreCommitFramework.detect(environment: environment, ancestors: [41, 42])
        XCTAssertTrue(stashed.hasStashed)
        XCTAssertEqual(stashed.stashPatch, store + "/patch1700000001-42")
        XCTAssertTrue(PreCommitFramework.detect(environment: environment, ancestors: nil).hasStashed, "unknown ancestry: assume stashed")
        XCTAssertFalse(try XCTUnwrap(ProcessAncestry.current()).isEmpty, "this test runs under a parent process")
    }
}
