@testable import AuraHeal
import AuraTestSupport
import Foundation
import XCTest

/// Which project files a heal may edit: a directory named `hooks/` and a backslash in a file
/// name are ordinary; only the directory git runs hooks from is protected.
final class HealPathTests: XCTestCase {
    func repository(_ files: [String: String]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository(files: files)
        repo.environment["PATH"] = HookTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return repo
    }

    func heal(_ repo: TemporaryRepository) throws -> GitTestRepository.Output {
        try GitTestRepository.run("/usr/bin/git", ["aura", "heal", "--yes", "--color", "never"], in: repo.path, environment: repo.environment)
    }

    func testAFileUnderAProjectDirectoryNamedHooksIsHealed() throws {
        let repo = try repository(["hooks/x.aura": "main = print!(1)\n"])
        try repo.write("hooks/x.aura", "main = print(1)\n")
        let result = try heal(repo)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try repo.read("hooks/x.aura"), "main = print!(1)\n")
        try repo.assertHealthy()
    }

    func testAFileNameWithABackslashIsHealed() throws {
        let name = "odd\\name.aura"
        let repo = try repository([name: "main = print!(1)\n"])
        XCTAssertTrue(try repo.git("ls-files").contains("odd"), "git tracks the backslash name")
        try repo.write(name, "main = print(1)\n")
        let result = try heal(repo)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try repo.read(name), "main = print!(1)\n")
        try repo.assertHealthy()
    }

    func testTheHooksDirectoryGitRunsIsNeverEdited() throws {
        let repo = try repository(["githooks/check.aura": "main = print!(1)\n"])
        try repo.git("config", "core.hooksPath", "githooks")
        let broken = "main = print(1)\n"
        try repo.write("githooks/check.aura", broken)
        let result = try heal(repo)
        XCTAssertNotEqual(result.status, 0, "the problem remains")
        XCTAssertTrue((result.stdout + result.stderr).contains("hooks directory"), result.stdout + result.stderr)
        XCTAssertEqual(try repo.read("githooks/check.aura"), broken, "git executes what is there: never healed")
    }

    func testSafePathsKeepTheirOtherChecks() {
        for path in ["../x.aura", "/etc/x.aura", ".git/x.aura", "a/.GIT/x.aura", "a//b.aura", "a/./b.aura", "notes.txt", "a\u{0}.aura"] {
            XCTAssertFalse(CandidateValidation.isSafe(path), path)
        }
        XCTAssertFalse(CandidateValidation.isSafe(".githooks/x.aura", hooksDirectory: ".githooks"))
        XCTAssertTrue(CandidateValidation.isSafe(".githooks/x.aura"), "only the configured hooks directory is protected")
        XCTAssertTrue(CandidateValidation.isSafe("hooks/x.aura"))
        XCTAssertTrue(CandidateValidation.isSafe("a\\b.aura"))
    }
}
