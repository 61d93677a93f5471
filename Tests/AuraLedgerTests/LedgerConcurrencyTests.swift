#if canImport(Glibc)
import Glibc
#endif
import AuraLedger
import Foundation
import XCTest

/// Two processes writing one ledger at once lose nothing (WAL + busy timeout + IMMEDIATE transactions).
final class LedgerConcurrencyTests: XCTestCase {
    static let rowsPerWriter = 150

    func testTwoProcessesWritingAtOnceLoseNothing() throws {
        let directory = try TemporaryDirectory()
        // The file does not exist yet: both children also race to create and migrate it.
        let path = directory.path + "/aura/ledger.sqlite"
        let start = Date().timeIntervalSince1970 + 1.5
        let children = try ["alpha", "beta"].map { name -> Process in
            let process = Process()
            // A separate executable (Tests/LedgerProbe) writes the rows.
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ledger-probe")
            process.arguments = [path, name, String(Self.rowsPerWriter), String(start)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for child in children { child.waitUntilExit() }
        XCTAssertEqual(children.map(\.terminationStatus), [0, 0])
        let ledger = try Ledger.open(at: path)
        XCTAssertNil(ledger.recovery)
        let operations = try ledger.operations()
        XCTAssertEqual(operations.count, 2 * Self.rowsPerWriter)
        XCTAssertEqual(Set(operations.compactMap(\.entryID)).count, 2 * Self.rowsPerWriter, "every row distinct")
        for name in ["alpha", "beta"] {
            XCTAssertEqual(operations.filter { $0.sessionID == name }.count, Self.rowsPerWriter, name)
            XCTAssertEqual(try ledger.attempts().filter { $0.path == name }.count, Self.rowsPerWriter, name)
        }
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }

    func testConcurrentGitAuraCommandsRecordEveryOperation() throws {
        let repo = try LedgerTestRepository(files: ["a.txt": "a\n"])
        // Distinct trees so every snapshot is a new entry.
        let processes = try (0..<4).map { index -> Process in
            try repo.write("file\(index).txt", "\(index)\n")
            return try repo.start(["snapshot", "create", "-m", "concurrent \(index)"])
        }
        for process in processes { process.waitUntilExit() }
        let succeeded = processes.filter { $0.terminationStatus == 0 }.count
        let ledger = try Ledger.open(at: repo.ledgerPath)
        XCTAssertEqual(try ledger.operations().filter { $0.kind == .snapshot }.count, succeeded)
        XCTAssertGreaterThan(succeeded, 0)
        let history = try repo.git("log", "--format=%s", "refs/aura/heal").split(separator: "\n")
        XCTAssertEqual(history.count, succeeded, "one ledger operation per snapshot on the ref")
    }

    /// `snapshot create` takes its snapshot while its ledger is still opening (here another
    /// process holds the lock every open takes), and records the operation once it is open.
    /// Before, the snapshot waited for the ledger.
    func testTheSnapshotIsTakenWhileTheLedgerOpensAndRecordedOnceItIsOpen() throws {
        let repo = try LedgerTestRepository(files: ["a.txt": "a\n"])
        try repo.write("b.txt", "b\n")
        _ = try Ledger.open(at: repo.ledgerPath)
        let lock = open(repo.ledgerPath + ".migrate-lock", O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(lock, 0)
        XCTAssertEqual(flock(lock, LOCK_EX), 0)
        let process = try repo.start(["snapshot", "create", "-m", "while the ledger opens"])
        // The deadline only keeps a regression from hanging the suite; nothing is timed.
        let deadline = Date().addingTimeInterval(60)
        var tip: String?
        while tip == nil, Date() < deadline {
            tip = (try? repo.git("rev-parse", "-q", "--verify", "refs/aura/heal"))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if tip == nil { usleep(20_000) }
        }
        let tookSnapshotWhileLocked = tip != nil
        let waitedForTheLedger = process.isRunning
        flock(lock, LOCK_UN)
        close(lock)
        process.waitUntilExit()
        XCTAssertTrue(tookSnapshotWhileLocked, "the snapshot waited for the ledger to open")
        XCTAssertTrue(waitedForTheLedger, "the command exits only after recording")
        XCTAssertEqual(process.terminationStatus, 0)
        let operations = try Ledger.open(at: repo.ledgerPath).operations()
        XCTAssertEqual(operations.map(\.kind), [.snapshot])
        XCTAssertNil(operations.first?.refBefore)
        XCTAssertEqual(operations.first?.refAfter, tip)
        XCTAssertEqual(try repo.git("log", "--format=%s", "refs/aura/heal").split(separator: "\n").count, 1)
    }
}
