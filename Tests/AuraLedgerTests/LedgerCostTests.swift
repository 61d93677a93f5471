import AuraLedger
import AuraGit
import Foundation
import XCTest

/// What the ledger costs the commands that write it: a verified commit does not open it at
/// all, and closing it leaves the write-ahead log in place instead of checkpointing (the
/// checkpoint and the re-creation of the log were four fsyncs per command).
final class LedgerCostTests: XCTestCase {
    /// The first commit verifies the tree (a session is recorded); a commit of the same,
    /// now verified tree is answered by the verification cache without a session.
    func testCommitOfAVerifiedTreeRecordsNoSession() throws {
        let repo = try LedgerTestRepository(files: ["src/ok.aura": "main = print!(1)\n"])
        repo.environment["PATH"] = LedgerTestRepository.binDirectory + ":/usr/bin:/bin"
        XCTAssertEqual(try repo.aura(["hooks", "install"]).status, 0)
        try repo.git("commit", "-q", "--allow-empty", "-m", "first")
        let sessions = try Ledger.open(repository: try Repository.open(at: repo.path)).sessions()
        XCTAssertEqual(sessions.filter { $0.trigger == "pre-commit" }.count, 1, "the verifying run is recorded")
        let tree = try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
        let cache = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/aura/verify-cache")
        XCTAssertTrue(cache.contains { $0.hasPrefix(tree + "-") }, "the tree is marked verified: \(cache)")

        try repo.git("commit", "-q", "--allow-empty", "-m", "second")
        try repo.git("commit", "-q", "--allow-empty", "-m", "third")
        let after = try Ledger.open(repository: try Repository.open(at: repo.path)).sessions()
        XCTAssertEqual(after.count, sessions.count, "verified commits open no session")
        XCTAssertEqual(try repo.git("rev-list", "--count", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines), "4")
    }

    /// A write, then the last connection closes: the log keeps the pages (no checkpoint, no
    /// deletion), and a new connection reads them.
    func testClosingTheLedgerKeepsTheWriteAheadLog() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/ledger.sqlite"
        do {
            let ledger = try Ledger.open(at: path)
            try ledger.beginSession(SessionRecord(id: "ses-kept", trigger: "cli", command: "heal", policy: "guided", startedAt: 1))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "-wal")
        XCTAssertGreaterThan(attributes[.size] as? Int ?? 0, 0, "the log is not checkpointed away on close")
        XCTAssertEqual(try Ledger.open(at: path).sessions().map(\.id), ["ses-kept"])
    }
}
