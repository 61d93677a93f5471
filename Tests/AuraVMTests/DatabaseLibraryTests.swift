@testable import AuraVM
import Foundation
import XCTest

/// `+db` builtins on an in-memory or temporary-file SQLite database.
final class DatabaseLibraryTests: XCTestCase {
    let db = CapabilityHarness()

    private func memory() throws -> Value { try db.call("db.connect!", .string("sqlite::memory:")) }

    private func usersTable() throws -> Value {
        let connection = try memory()
        let created = try db.call("db.execute!", connection,
                                  .string("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"), .list([]))
        XCTAssertEqual(created, .int(0))
        return connection
    }

    func testInjectionPayloadIsStoredVerbatimAndTheTableSurvives() throws {
        let connection = try usersTable()
        let payload = "'; DROP TABLE users; --"
        XCTAssertEqual(try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([.string(payload)])), .int(1))
        let rows = try db.call("db.query!", connection, .string("SELECT name FROM users WHERE name = ?"), .list([.string(payload)]))
        XCTAssertEqual(rows, .list([.map(MapValue([(.string("name"), .string(payload))]))]))
        let tables = try db.call("db.query!", connection, .string("SELECT name FROM sqlite_master WHERE type = 'table'"), .list([]))
        XCTAssertEqual(tables, .list([.map(MapValue([(.string("name"), .string("users"))]))]))
    }

    func testStackedStatementsAreRefusedSoConcatenatedSQLCannotDropTables() throws {
        let connection = try usersTable()
        let spliced = "SELECT * FROM users WHERE name = ''; DROP TABLE users; --'"
        let error = db.error { try db.call("db.query!", connection, .string(spliced), .list([])) }
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message.contains("one SQL statement at a time"), true, error?.message ?? "")
        XCTAssertEqual(try db.call("db.query!", connection, .string("SELECT count(*) AS n FROM users;  -- trailing comment\n"), .list([])),
                       .list([.map(MapValue([(.string("n"), .int(0))]))]))
    }

    func testValuesRoundTripWithTheirTypes() throws {
        let connection = try memory()
        _ = try db.call("db.execute!", connection, .string("CREATE TABLE t (i INTEGER, f REAL, s TEXT, b INTEGER, n TEXT)"), .list([]))
        let inserted: [Value] = [.int(Int64.max), .float(-2.5), .string("héllo\n\"x\""), .bool(true), .none]
        XCTAssertEqual(try db.call("db.execute!", connection, .string("INSERT INTO t VALUES (?, ?, ?, ?, ?)"), .list(inserted)), .int(1))
        _ = try db.call("db.execute!", connection, .string("INSERT INTO t VALUES (?, ?, ?, ?, ?)"),
                        .list([.int(-1), .float(0), .string(""), .bool(false), .string("x")]))
        let rows = try db.call("db.query!", connection, .string("SELECT i, f, s, b, n FROM t ORDER BY i DESC"), .list([]))
        XCTAssertEqual(rows.display, #"[{"i": 9223372036854775807, "f": -2.5, "s": "héllo\n\"x\"", "b": 1, "n": none}, {"i": -1, "f": 0.0, "s": "", "b": 0, "n": "x"}]"#)
        let empty = try db.call("db.query!", connection, .string("SELECT s IS NULL AS is_null FROM t WHERE i = -1"), .list([]))
        XCTAssertEqual(empty, .list([.map(MapValue([(.string("is_null"), .int(0))]))]), "an empty string is bound as '' not NULL")
    }

    func testRowsAreKeyedByColumnNameInColumnOrderAndBlobsBecomeText() throws {
        let connection = try memory()
        let rows = try db.call("db.query!", connection, .string("SELECT 2 AS z, 'a' AS a, X'6869' AS blob, 1.5 AS f"), .list([]))
        guard case let .list(list) = rows, case let .map(row)? = list.first else { return XCTFail("expected one row, got \(rows.display)") }
        XCTAssertEqual(row.keys, [.string("z"), .string("a"), .string("blob"), .string("f")])
        XCTAssertEqual(row.values, [.int(2), .string("a"), .string("hi"), .float(1.5)])
        XCTAssertEqual(try db.call("db.query!", connection, .string("SELECT 1 WHERE 0"), .list([])), .list([]))
    }

    func testExecuteCountsChangedRowsAndZeroForDDL() throws {
        let connection = try usersTable()
        for name in ["a", "b", "c"] {
            _ = try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([.string(name)]))
        }
        XCTAssertEqual(try db.call("db.execute!", connection, .string("UPDATE users SET name = name || '!' WHERE id > ?"), .list([.int(1)])), .int(2))
        // After a DML statement, DDL must still report 0 (sqlite3_changes alone would say 2).
        XCTAssertEqual(try db.call("db.execute!", connection, .string("CREATE INDEX users_name ON users (name)"), .list([])), .int(0))
        XCTAssertEqual(try db.call("db.execute!", connection, .string("DELETE FROM users WHERE id = :id"), .list([.int(99)])), .int(0))
        XCTAssertEqual(try db.call("db.execute!", connection, .string("DELETE FROM users"), .list([])), .int(3))
    }

    func testSQLErrorsCarrySQLitesMessage() throws {
        let connection = try usersTable()
        let missing = db.error { try db.call("db.query!", connection, .string("SELECT * FROM nope"), .list([])) }
        XCTAssertEqual(missing?.code, .databaseError)
        XCTAssertEqual(missing?.message, "db.query! failed: no such table: nope")
        let syntax = db.error { try db.call("db.execute!", connection, .string("SELEC 1"), .list([])) }
        XCTAssertEqual(syntax?.message, #"db.execute! failed: near "SELEC": syntax error"#)
        _ = try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([.string("x")]))
        let duplicate = db.error { try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([.string("x")])) }
        XCTAssertEqual(duplicate?.message, "db.execute! failed: UNIQUE constraint failed: users.name")
    }

    func testParametersMustMatchAndBeScalars() throws {
        let connection = try usersTable()
        let count = db.error { try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([])) }
        XCTAssertEqual(count?.message, "the SQL has 1 parameter but 0 values were given")
        let record = Value.record(RecordValue(layout: RecordLayout(name: "User", fieldNames: ["name"]), fields: [.string("a")]))
        let variantWithFields = Value.record(RecordValue(layout: RecordLayout(name: "Suspended", fieldNames: ["reason"], isVariant: true), fields: [.string("x")]))
        for bad in [record, variantWithFields, .list([.int(1)]), .map(MapValue())] {
            let error = db.error { try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([bad])) }
            XCTAssertEqual(error?.code, .databaseError)
            XCTAssertEqual(error?.message, "parameter 1 is a \(bad.kindName); only i, f, s, b, none and variants without fields can be bound")
        }
        // A variant without fields (`@Status = Active | ...`) is stored as its name.
        let active = Value.record(RecordValue(layout: RecordLayout(name: "Active", fieldNames: [], isVariant: true), fields: []))
        _ = try db.call("db.execute!", connection, .string("INSERT INTO users (name) VALUES (?)"), .list([active]))
        XCTAssertEqual(try db.call("db.query!", connection, .string("SELECT name FROM users"), .list([])).display, #"[{"name": "Active"}]"#)
        _ = try db.call("db.execute!", connection, .string("DELETE FROM users"), .list([]))
        XCTAssertEqual(try db.call("db.query!", connection, .string("SELECT count(*) AS n FROM users"), .list([])).display, #"[{"n": 0}]"#)
    }

    func testClosedConnectionsAreRuntimeErrors() throws {
        let connection = try memory()
        XCTAssertEqual(connection.display, "<db sqlite::memory:>")
        XCTAssertEqual(try db.call("db.close!", connection), .unit)
        XCTAssertEqual(try db.call("db.close!", connection), .unit, "closing twice is harmless")
        XCTAssertEqual(connection.display, "<db sqlite::memory: (closed)>")
        let error = db.error { try db.call("db.query!", connection, .string("SELECT 1"), .list([])) }
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message, "db.query! used a closed connection (sqlite::memory:)")
        XCTAssertEqual(db.error { try db.call("db.query!", .string("not a connection"), .string("SELECT 1"), .list([])) }?.code, .databaseError)
    }

    func testUnsupportedURLsAreRuntimeErrorsThatHideCredentials() throws {
        XCTAssertEqual(db.error { try db.call("db.connect!", .string("mysql://x")) }?.message, "unsupported database URL scheme 'mysql:'")
        XCTAssertEqual(db.error { try db.call("db.connect!", .string("garbage")) }?.message, "'garbage' is not a database URL")
        XCTAssertEqual(db.error { try db.call("db.connect!", .string("sqlite:")) }?.code, .databaseError)
    }

    func testFileDatabasesPersistAcrossConnections() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = Value.string("sqlite:\(directory)/app.db")
        let first = try db.call("db.connect!", url)
        _ = try db.call("db.execute!", first, .string("CREATE TABLE kv (k TEXT, v INTEGER)"), .list([]))
        _ = try db.call("db.execute!", first, .string("INSERT INTO kv VALUES (?, ?)"), .list([.string("a"), .int(1)]))
        _ = try db.call("db.close!", first)
        let second = try db.call("db.connect!", url)
        XCTAssertEqual(try db.call("db.query!", second, .string("SELECT v FROM kv WHERE k = ?"), .list([.string("a")])).display, #"[{"v": 1}]"#)
    }

    func testUnopenableFileIsARuntimeError() throws {
        let error = db.error { try db.call("db.connect!", .string("sqlite:/nonexistent-dir-\(UUID().uuidString)/x.db")) }
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message.contains("unable to open database file"), true, error?.message ?? "")
    }
}
