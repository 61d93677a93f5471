@testable import AuraLedger
import Foundation
import GRDB
import XCTest

/// Migrations, newer-schema refusal and recovery from damaged files, on real SQLite files.
final class LedgerSchemaTests: XCTestCase {
    func testFreshLedgerHasEveryMigrationTablesAndWAL() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/aura/ledger.sqlite")
        XCTAssertNil(ledger.recovery)
        XCTAssertEqual(try ledger.appliedMigrations(), ["v1-sessions-attempts-operations", "v2-verify-cache-rate-limits",
                                                        "v3-attempt-rounds-requests-model"])
        let (tables, journal) = try ledger.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        XCTAssertEqual(tables, ["attempts", "breaker_events", "grdb_migrations", "operations", "provider_requests", "sessions", "verify_cache"])
        XCTAssertEqual(journal, "wal")
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }

    func testOldSchemaIsMigratedKeepingItsRows() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/ledger.sqlite"
        // A file as the first release wrote it: only v1.
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(old, upTo: "v1-sessions-attempts-operations")
        try old.write { db in
            try db.execute(sql: "INSERT INTO operations (kind, entry_id, ref, at) VALUES ('snapshot', 's-1', 'refs/aura/heal', 1)")
        }
        try old.close()
        let ledger = try Ledger.open(at: path)
        XCTAssertEqual(try ledger.appliedMigrations().count, 3)
        XCTAssertEqual(try ledger.operations().map(\.entryID), ["s-1"])
        // v3's columns: an attempt keeps its round, requests and model.
        var attempt = AttemptRecord(sessionID: nil, code: "T0001", path: "a.aura", line: 0, provider: "claude", rule: "claude/patch",
                                    decision: "apply", outcome: "rejected", at: 2)
        attempt.round = 2
        attempt.requests = 3
        attempt.model = "claude-sonnet-4-5"
        try ledger.recordAttempt(attempt)
        let stored = try XCTUnwrap(try ledger.attempts().first)
        XCTAssertEqual([stored.round, stored.requests], [2, 3])
        XCTAssertEqual(stored.model, "claude-sonnet-4-5")
        try ledger.storeVerification(tree: "abc", toolchain: "0.1", resultJSON: "{}")
        XCTAssertEqual(try ledger.cachedVerification(tree: "abc", toolchain: "0.1"), "{}")
    }

    func testNewerSchemaIsAClearErrorAndTheFileIsUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/ledger.sqlite"
        _ = try Ledger.open(at: path)
        let future = try DatabaseQueue(path: path)
        try future.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
            try db.execute(sql: "CREATE TABLE future_only (x)")
        }
        try future.close()
        func contents() throws -> [String] {
            let reader = try DatabaseQueue(path: path)
            defer { try? reader.close() }
            return try reader.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                    + String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name")
            }
        }
        let before = try contents()
        XCTAssertTrue(before.contains("future_only"))
        XCTAssertThrowsError(try Ledger.open(at: path)) { error in
            XCTAssertEqual(error as? LedgerError, .newerSchema(path: path, unknownMigrations: ["v9-from-the-future"]))
            XCTAssertTrue("\(error)".contains("newer AURA"), "\(error)")
        }
        XCTAssertEqual(try contents(), before, "nothing migrated, dropped or recreated")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertFalse(siblings.contains { $0.contains("corrupt") }, "a newer schema is not corruption: \(siblings)")
    }

    func testGarbageFileIsMovedAsideAndReplaced() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/ledger.sqlite"
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Ledger.open(at: path, recover: false)) { error in
            guard case .corrupt = error as? LedgerError else { return XCTFail("\(error)") }
        }
        let ledger = try Ledger.open(at: path)
        let recovery = try XCTUnwrap(ledger.recovery)
        XCTAssertTrue(recovery.movedTo.hasPrefix(path + ".corrupt-"), recovery.movedTo)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: recovery.movedTo)), garbage, "the damaged file is kept, not deleted")
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
        try ledger.recordOperation(OperationRecord(sessionID: nil, kind: .snapshot, entryID: "s-1", ref: "r", refBefore: nil, refAfter: "a", at: 1))
        XCTAssertEqual(try ledger.operations().count, 1)
    }

    func testDurations() {
        XCTAssertEqual(DurationText.parse("30m"), 1800)
        XCTAssertEqual(DurationText.parse("1h"), 3600)
        XCTAssertEqual(DurationText.parse("2d"), 172_800)
        XCTAssertEqual(DurationText.parse("90"), 90)
        XCTAssertEqual(DurationText.parse(" 1W "), 604_800)
        for bad in ["", "h", "1.5h", "-1h", "0m", "soon", "1y", "１h"] { XCTAssertNil(DurationText.parse(bad), bad) }
        XCTAssertEqual(DurationText.format(3600), "1h")
        XCTAssertEqual(DurationText.format(5400), "90m")
        XCTAssertEqual(DurationText.format(45), "45s")
    }

    func testVerifyCacheKeysOnTreeAndToolchain() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/ledger.sqlite")
        try ledger.storeVerification(tree: "t1", toolchain: "0.1", resultJSON: #"{"ok":true}"#, now: 100)
        XCTAssertEqual(try ledger.cachedVerification(tree: "t1", toolchain: "0.1"), #"{"ok":true}"#)
        XCTAssertNil(try ledger.cachedVerification(tree: "t1", toolchain: "0.2"), "a new toolchain never trusts an old verdict")
        XCTAssertNil(try ledger.cachedVerification(tree: "t2", toolchain: "0.1"))
        try ledger.pruneVerifications(before: 101)
        XCTAssertNil(try ledger.cachedVerification(tree: "t1", toolchain: "0.1"))
    }

    func testRateLimitIsASlidingMinute() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/ledger.sqlite")
        XCTAssertEqual(try ledger.acquireRequest(provider: "claude", perMinute: 2, now: 1000), 0)
        XCTAssertEqual(try ledger.acquireRequest(provider: "claude", perMinute: 2, now: 1010), 0)
        XCTAssertEqual(try ledger.acquireRequest(provider: "claude", perMinute: 2, now: 1030), 30, "wait until the first grant is a minute old")
        XCTAssertEqual(try ledger.acquireRequest(provider: "openai", perMinute: 2, now: 1030), 0, "limits are per provider")
        XCTAssertEqual(try ledger.acquireRequest(provider: "claude", perMinute: 2, now: 1060.5), 0)
    }
}
