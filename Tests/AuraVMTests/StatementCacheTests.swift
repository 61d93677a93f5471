@testable import AuraVM
import XCTest

/// Prepared statements are reused by SQL text, stay correct across schema changes and
/// failures, and are never reused under the sandbox.
final class StatementCacheTests: XCTestCase {
    let db = CapabilityHarness()

    private func connection(_ harness: CapabilityHarness) throws -> (Value, DatabaseConnection) {
        let value = try harness.call("db.connect!", .string("sqlite::memory:"))
        guard case let .object(object) = value, let connection = object as? DatabaseConnection else {
            XCTFail("db.connect! returned \(value)")
            throw RuntimeError(.databaseError, "no connection")
        }
        return (value, connection)
    }

    private func count(_ value: Value, _ harness: CapabilityHarness) throws -> Value {
        try harness.call("db.query!", value, .string("SELECT count(*) AS n FROM t"), .list([]))
    }

    func testARepeatedStatementIsPreparedOnceAndBindsFreshParameters() throws {
        let (value, connection) = try connection(db)
        _ = try db.call("db.execute!", value, .string("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"), .list([]))
        for i in 0..<50 {
            XCTAssertEqual(try db.call("db.execute!", value, .string("INSERT INTO t (id, name) VALUES (?, ?)"),
                                       .list([.int(Int64(i)), i.isMultiple(of: 2) ? .string("n\(i)") : .none])), .int(1))
        }
        // CREATE and INSERT: two statements kept, however many times INSERT ran.
        XCTAssertEqual(connection.cachedStatementCount, 2)
        // Bindings are cleared between uses: the odd rows' NULL was not a leftover name.
        let rows = try db.call("db.query!", value, .string("SELECT count(*) AS n FROM t WHERE name IS NULL"), .list([]))
        XCTAssertEqual(rows, .list([.map(MapValue([(.string("n"), .int(25))]))]))
    }

    func testACachedStatementFollowsASchemaChange() throws {
        let (value, _) = try connection(db)
        _ = try db.call("db.execute!", value, .string("CREATE TABLE t (a INTEGER)"), .list([]))
        _ = try db.call("db.execute!", value, .string("INSERT INTO t VALUES (1)"), .list([]))
        XCTAssertEqual(try db.call("db.query!", value, .string("SELECT * FROM t"), .list([])),
                       .list([.map(MapValue([(.string("a"), .int(1))]))]))
        _ = try db.call("db.execute!", value, .string("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'"), .list([]))
        XCTAssertEqual(try db.call("db.query!", value, .string("SELECT * FROM t"), .list([])),
                       .list([.map(MapValue([(.string("a"), .int(1)), (.string("b"), .string("x"))]))]))
    }

    func testAStatementThatFailedRunsAgainCleanly() throws {
        let (value, _) = try connection(db)
        _ = try db.call("db.execute!", value, .string("CREATE TABLE t (id INTEGER PRIMARY KEY)"), .list([]))
        let insert = Value.string("INSERT INTO t (id) VALUES (?)")
        XCTAssertEqual(try db.call("db.execute!", value, insert, .list([.int(1)])), .int(1))
        let error = db.error { try db.call("db.execute!", value, insert, .list([.int(1)])) }
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message.contains("UNIQUE constraint failed"), true, error?.message ?? "")
        XCTAssertEqual(try db.call("db.execute!", value, insert, .list([.int(2)])), .int(1))
        XCTAssertEqual(try count(value, db), .list([.map(MapValue([(.string("n"), .int(2))]))]))
    }

    func testTheSandboxPreparesEveryStatementThroughTheAuthorizer() throws {
        let sandboxed = CapabilityHarness(sandbox: Sandbox(isEnabled: true, scratchDirectory: nil, allowNetwork: false))
        let (value, connection) = try connection(sandboxed)
        _ = try sandboxed.call("db.execute!", value, .string("CREATE TABLE t (a INTEGER)"), .list([]))
        for _ in 0..<3 { _ = try sandboxed.call("db.execute!", value, .string("INSERT INTO t VALUES (1)"), .list([])) }
        XCTAssertEqual(connection.cachedStatementCount, 0)
        let denied = sandboxed.error { try sandboxed.call("db.execute!", value, .string("ATTACH DATABASE '/tmp/aura-elsewhere.db' AS other"), .list([])) }
        XCTAssertEqual(denied?.code, .sandboxSQLDenied)
    }

    func testClosingFinalizesCachedStatements() throws {
        let (value, connection) = try connection(db)
        _ = try db.call("db.execute!", value, .string("CREATE TABLE t (a INTEGER)"), .list([]))
        XCTAssertEqual(connection.cachedStatementCount, 1)
        _ = try db.call("db.close!", value)
        XCTAssertEqual(connection.cachedStatementCount, 0)
        XCTAssertTrue(connection.isClosed)
    }
}
