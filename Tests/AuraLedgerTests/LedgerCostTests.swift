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

    /// Every command is the only connection while it runs, so each one that opens the ledger
    /// rebuilds the log's index by reading the whole log, and (its checkpoint state being part
    /// of that index) never finds it checkpointed: without compaction the log grew by every
    /// command's writes for good (6.7 MB, 5 ms of every `git aura snapshot create`, in a
    /// benchmark repository after a day). Opening folds a log above the limit back in.
    func testTheWriteAheadLogStaysBoundedAcrossCommands() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/ledger.sqlite"
        let detail = String(repeating: "x", count: 3_000)
        var largest = 0
        for command in 0..<80 {
            do {
                let ledger = try Ledger.open(at: path)
                for n in 0..<10 {
                    _ = try ledger.recordOperation(OperationRecord(
                        sessionID: nil, kind: .snapshot, entryID: "s-\(command)-\(n)", ref: "refs/aura/heal",
                        refBefore: nil, refAfter: nil, detail: detail, at: Double(command * 10 + n)))
                }
            }
            let size = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
        // 800 records of 3 KB: about 2.4 MB of log without compaction.
        XCTAssertLessThanOrEqual(largest, Ledger.writeAheadLogLimit + 256 * 1024, "the log is bounded")
        XCTAssertEqual(try Ledger.open(at: path).operations().count, 800, "nothing is lost by folding the log in")
    }
}
