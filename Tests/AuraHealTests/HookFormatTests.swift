import Foundation
import XCTest

/// `aura.hook.format` (issue #16): the pre-commit hook blocks files `aura fmt` would change and
/// says how to format them — it never rewrites the index or the working tree.
final class HookFormatTests: XCTestCase {
    /// A committed repository with this build's `git-aura` and `aura` on PATH.
    private func repository(_ files: [String: String]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository(files: files)
        repo.environment["PATH"] = HookTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return repo
    }

    private static let unformatted = "add(a:i,b:i):i=a+b\n\nmain = print!(add(1,   2))\n"

    func testUnformattedFilesBlockTheCommitOnlyWhenAskedAndNothingIsRewritten() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("aura", "hooks", "install")
        try repo.write("a.aura", Self.unformatted)
        try repo.git("add", "a.aura")
        // Off by default: a well-typed file commits whatever its layout.
        try repo.git("commit", "-qm", "unformatted but fine")

        try repo.git("config", "aura.hook.format", "yes")
        try repo.write("a.aura", Self.unformatted + "\n# a comment\n")
        try repo.git("add", "a.aura")
        let staged = try repo.git("ls-files", "-s", "a.aura")
        let head = try repo.git("rev-parse", "HEAD")
        XCTAssertThrowsError(try repo.git("commit", "-qm", "still unformatted")) { error in
            XCTAssertTrue("\(error)".contains("1 file is not formatted (aura.hook.format): a.aura"), "\(error)")
            XCTAssertTrue("\(error)".contains("run `aura fmt a.aura`"), "\(error)")
        }
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head, "nothing was committed")
        XCTAssertEqual(try repo.git("ls-files", "-s", "a.aura"), staged, "the index is untouched")
        XCTAssertEqual(try repo.read("a.aura"), Self.unformatted + "\n# a comment\n", "the working tree is untouched")

        let aura = HookTests.binDirectory + "/aura"
        let formatted = try TemporaryRepository.run(aura, ["fmt", "a.aura"], in: repo.path)
        XCTAssertEqual(formatted.status, 0, formatted.stderr)
        XCTAssertNotEqual(try repo.read("a.aura"), Self.unformatted + "\n# a comment\n")
        try repo.git("add", "a.aura")
        try repo.git("commit", "-qm", "formatted")
        XCTAssertNotEqual(try repo.git("rev-parse", "HEAD"), head)
    }

    func testAnInvalidValueIsAConfigurationError() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("config", "aura.hook.format", "sometimes")
        let policy = try TemporaryRepository.run("/usr/bin/git", ["aura", "policy"], in: repo.path, environment: repo.environment)
        XCTAssertEqual(policy.status, 78, policy.stdout + policy.stderr)
        XCTAssertTrue(policy.stdout.contains("aura.hook.format"), policy.stdout)
    }
}
