@testable import AuraVM
import AuraTestSupport
import Foundation
import XCTest

/// Verification never touches a real database server: a sandboxed `postgres://` connect is
/// R0019, unless the sandbox names a scratch database; then it opens that database whatever
/// the program asked for, and everything it did is rolled back — its own COMMIT included.
final class PostgresSandboxTests: PostgresTestCase {
    /// What the programs ask for: a "production" server that must never be contacted (nothing
    /// listens on its port, so reaching it would be an error, not a silent success).
    static let production = "postgres://prod:prod-secret@127.0.0.1:\(LoopbackServer.closedPort())/production"

    private func sandboxed(databaseUrl: String?) -> CapabilityHarness {
        CapabilityHarness(sandbox: .confined(scratchDirectory: NSTemporaryDirectory(), databaseUrl: databaseUrl))
    }

    /// A plain, unsandboxed look at the scratch database: which tables exist, what they hold.
    private func tables(_ url: String) throws -> String {
        let plain = CapabilityHarness()
        let connection = try plain.call("db.connect!", .string(url))
        defer { _ = try? plain.call("db.close!", connection) }
        return try plain.call("db.query!", connection, .string("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"), .list([])).display
    }

    func testWithoutAScratchDatabaseVerificationRefusesServers() {
        let db = sandboxed(databaseUrl: nil)
        let error = db.error { try db.call("db.connect!", .string(Self.production)) }
        XCTAssertEqual(error?.code, .sandboxDatabaseDenied)
        XCTAssertTrue(error?.message.hasPrefix("db.connect!: verification does not connect to database servers (postgres://prod:***@") ?? false,
                      error?.message ?? "")
        XCTAssertFalse(error?.message.contains("prod-secret") ?? true)
        XCTAssertTrue(error?.help.first?.contains("aura.verify.databaseUrl") ?? false)
    }

    func testTheScratchDatabaseIsUsedInsteadAndEverythingIsRolledBack() throws {
        let scratch = try Self.fixture.freshDatabase()
        let db = sandboxed(databaseUrl: scratch)
        let connection = try db.call("db.connect!", .string(Self.production))
        XCTAssertEqual(connection.display, "<db \(DatabaseURL.redacted(Self.production))>", "the program sees its own URL, redacted")
        _ = try db.call("db.execute!", connection, .string("CREATE TABLE users (name text)"), .list([]))
        XCTAssertEqual(try db.call("db.execute!", connection, .string("INSERT INTO users VALUES (?)"), .list([.string("Ana")])), .int(1))
        XCTAssertEqual(try db.call("db.query!", connection, .string("SELECT name FROM users"), .list([])).display, #"[{"name": "Ana"}]"#)
        XCTAssertEqual(try tables(scratch), "[]", "other sessions never see uncommitted work")
        _ = try db.call("db.close!", connection)
        XCTAssertEqual(try tables(scratch), "[]")
    }

    func testAConnectionDroppedWithoutCloseIsRolledBackToo() throws {
        let scratch = try Self.fixture.freshDatabase()
        let db = sandboxed(databaseUrl: scratch)
        do {
            let connection = try db.call("db.connect!", .string(Self.production))
            _ = try db.call("db.execute!", connection, .string("CREATE TABLE kept (x integer)"), .list([]))
        }
        XCTAssertEqual(try tables(scratch), "[]")
    }

    func testTheProgramsOwnTransactionsStayInsideTheRollback() throws {
        let scratch = try Self.fixture.freshDatabase()
        let db = sandboxed(databaseUrl: scratch)
        let connection = try db.call("db.connect!", .string(Self.production))
        func run(_ sql: String, _ parameters: [Value] = []) throws { _ = try db.call("db.execute!", connection, .string(sql), .list(parameters)) }
        try run("COMMIT")  // with no transaction of its own open: must not commit verification's
        try run("CREATE TABLE t (x integer)")
        try run("BEGIN")
        try run("INSERT INTO t VALUES (?)", [.int(1)])
        try run("COMMIT")
        try run("START TRANSACTION")
        try run("INSERT INTO t VALUES (?)", [.int(2)])
        try run("SAVEPOINT mine")
        try run("INSERT INTO t VALUES (?)", [.int(3)])
        try run("ROLLBACK TO SAVEPOINT mine")
        try run("END")
        try run("BEGIN")
        try run("INSERT INTO t VALUES (?)", [.int(4)])
        try run("ROLLBACK")
        try run("COMMIT AND CHAIN")
        XCTAssertEqual(try db.call("db.query!", connection, .string("SELECT x FROM t ORDER BY x"), .list([])).display, #"[{"x": 1}, {"x": 2}]"#)
        XCTAssertEqual(try tables(scratch), "[]", "COMMIT inside verification committed nothing")
        let prepared = db.error { try db.call("db.execute!", connection, .string("PREPARE TRANSACTION 'escape'"), .list([])) }
        XCTAssertEqual(prepared?.code, .sandboxDatabaseDenied)
        _ = try db.call("db.close!", connection)
        XCTAssertEqual(try tables(scratch), "[]")
    }

    /// Outside the sandbox transaction statements are the program's own: COMMIT commits.
    func testWithoutTheSandboxTransactionsAreThePrograms() throws {
        let url = try Self.fixture.freshDatabase()
        let db = CapabilityHarness()
        let connection = try db.call("db.connect!", .string(url))
        for sql in ["BEGIN", "CREATE TABLE t (x integer)", "COMMIT"] { _ = try db.call("db.execute!", connection, .string(sql), .list([])) }
        _ = try db.call("db.close!", connection)
        XCTAssertEqual(try tables(url), #"[{"tablename": "t"}]"#)
    }
}
