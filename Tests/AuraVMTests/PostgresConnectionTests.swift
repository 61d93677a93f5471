@testable import AuraVM
import AuraTestSupport
import Foundation
import XCTest

/// `+db` on a real PostgreSQL server (started by the test on loopback): the same builtins as
/// on SQLite, values mapped both ways by type, errors with SQLSTATE and never a password.
final class PostgresConnectionTests: PostgresTestCase {
    let db = CapabilityHarness()

    private func connect() throws -> Value {
        try db.call("db.connect!", .string(try Self.fixture.freshDatabase()))
    }

    private func rows(_ connection: Value, _ sql: String, _ parameters: [Value] = []) throws -> String {
        try db.call("db.query!", connection, .string(sql), .list(parameters)).display
    }

    private func execute(_ connection: Value, _ sql: String, _ parameters: [Value] = []) throws -> Value {
        try db.call("db.execute!", connection, .string(sql), .list(parameters))
    }

    func testValuesRoundTripByColumnType() throws {
        let connection = try connect()
        _ = try execute(connection, "SET TimeZone = 'UTC'")
        _ = try execute(connection, """
            CREATE TABLE t (i8 bigint, i4 integer, i2 smallint, f8 double precision, f4 real, n numeric, s text, v varchar(10),
                            b boolean, u uuid, d date, ts timestamp, tz timestamptz, j jsonb, missing text)
            """)
        let inserted: [Value] = [.int(Int64.max), .int(-5), .int(7), .float(-2.5), .float(0.5), .float(1.25), .string("héllo\n\"x\""),
                                 .string("short"), .bool(true), .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), .string("2024-02-29"),
                                 .string("2024-02-29T13:45:00"), .string("2024-02-29 13:45:00+02"), .string(#"{"k": [1, 2]}"#), .none]
        XCTAssertEqual(try execute(connection, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserted), .int(1))
        XCTAssertEqual(try rows(connection, "SELECT * FROM t"),
                       #"[{"i8": 9223372036854775807, "i4": -5, "i2": 7, "f8": -2.5, "f4": 0.5, "n": 1.25, "s": "héllo\n\"x\"", "v": "short", "#
                       + #""b": true, "u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "d": "2024-02-29", "ts": "2024-02-29 13:45:00", "#
                       + #""tz": "2024-02-29 11:45:00+00", "j": "{\"k\": [1, 2]}", "missing": none}]"#)
        XCTAssertEqual(try rows(connection, "SELECT count(*) AS n, sum(i4) AS total, avg(f8) AS mean, NULL::int AS nothing FROM t"),
                       #"[{"n": 1, "total": -5, "mean": -2.5, "nothing": none}]"#)
    }

    func testAnEmptyStringIsNotNull() throws {
        let connection = try connect()
        _ = try execute(connection, "CREATE TABLE t (s text)")
        _ = try execute(connection, "INSERT INTO t VALUES (?), (?)", [.string(""), .none])
        XCTAssertEqual(try rows(connection, "SELECT s IS NULL AS is_null FROM t ORDER BY 1"), #"[{"is_null": false}, {"is_null": true}]"#)
    }

    func testQuestionMarksAndNumberedPlaceholdersBothBind() throws {
        let connection = try connect()
        XCTAssertEqual(try rows(connection, "SELECT '?' AS literal, ? AS x, ? AS y", [.int(5), .string("five")]),
                       #"[{"literal": "?", "x": 5, "y": "five"}]"#)
        XCTAssertEqual(try rows(connection, "SELECT $2 AS second, $1 AS first", [.float(1.5), .bool(false)]),
                       #"[{"second": false, "first": 1.5}]"#)
        let mismatch = db.error { try db.call("db.query!", connection, .string("SELECT ? AS a, ? AS b"), .list([.int(1)])) }
        XCTAssertEqual(mismatch?.message, "the SQL has 2 parameters but 1 value was given")
    }

    func testInjectionPayloadIsStoredVerbatimAndStackedStatementsAreRefused() throws {
        let connection = try connect()
        _ = try execute(connection, "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL)")
        let payload = "'); DROP TABLE users; --"
        XCTAssertEqual(try execute(connection, "INSERT INTO users (name) VALUES (?)", [.string(payload)]), .int(1))
        XCTAssertEqual(try rows(connection, "SELECT name FROM users WHERE name = ?", [.string(payload)]), #"[{"name": "'); DROP TABLE users; --"}]"#)
        let spliced = "SELECT * FROM users WHERE name = ''; DROP TABLE users; --'"
        let error = db.error { try db.call("db.query!", connection, .string(spliced), .list([])) }
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message, "db.query! runs one SQL statement at a time; found more SQL after the first ';'")
        XCTAssertEqual(try rows(connection, "SELECT count(*) AS n FROM users;  -- trailing comment\n"), #"[{"n": 1}]"#)
    }

    func testExecuteCountsChangedRowsAndNothingForDDLOrSelect() throws {
        let connection = try connect()
        XCTAssertEqual(try execute(connection, "CREATE TABLE t (x integer)"), .int(0))
        XCTAssertEqual(try execute(connection, "INSERT INTO t SELECT generate_series(1, 5)"), .int(5))
        XCTAssertEqual(try execute(connection, "UPDATE t SET x = x * 10 WHERE x > ?", [.int(3)]), .int(2))
        XCTAssertEqual(try execute(connection, "SELECT * FROM t"), .int(0))
        XCTAssertEqual(try execute(connection, "DELETE FROM t RETURNING x"), .int(5))
        XCTAssertEqual(try rows(connection, "INSERT INTO t VALUES (1)"), "[]", "a statement without rows queries as []")
    }

    func testServerErrorsCarryTheSQLStateAndTheServersMessage() throws {
        let connection = try connect()
        let missing = db.error { try db.call("db.query!", connection, .string("SELECT * FROM missing"), .list([])) }
        XCTAssertEqual(missing?.code, .databaseError)
        XCTAssertEqual(missing?.message, #"db.query! failed: relation "missing" does not exist (SQLSTATE 42P01)"#)
        _ = try execute(connection, "CREATE TABLE u (id integer PRIMARY KEY)")
        _ = try execute(connection, "INSERT INTO u VALUES (1)")
        let duplicate = db.error { try db.call("db.execute!", connection, .string("INSERT INTO u VALUES (?)"), .list([.int(1)])) }
        XCTAssertEqual(duplicate?.message,
                       #"db.execute! failed: duplicate key value violates unique constraint "u_pkey" (Key (id)=(1) already exists.) (SQLSTATE 23505)"#)
        let empty = db.error { try db.call("db.execute!", connection, .string("  -- nothing\n"), .list([])) }
        XCTAssertEqual(empty?.message, "db.execute! was given no SQL statement")
        let nul = db.error { try db.call("db.execute!", connection, .string("SELECT ?"), .list([.string("a\u{0}b")])) }
        XCTAssertEqual(nul?.message, "parameter 1 contains a NUL character, which PostgreSQL text cannot hold")
    }

    func testConnectionErrorsNameTheURLWithoutThePassword() throws {
        let server = try Self.fixture.running()
        let wrongPassword = "postgres://aura:not-the-password@127.0.0.1:\(server.port)/postgres"
        let denied = db.error { try db.call("db.connect!", .string(wrongPassword)) }
        XCTAssertEqual(denied?.code, .databaseError)
        let message = denied?.message ?? ""
        XCTAssertTrue(message.hasPrefix("db.connect! cannot connect to postgres://aura:***@127.0.0.1:\(server.port)/postgres: "), message)
        XCTAssertTrue(message.contains("password authentication failed"), message)
        XCTAssertFalse(message.contains("not-the-password"), message)
        XCTAssertFalse(message.contains("attempts"), "a refused password is not retried: \(message)")
        let noDatabase = db.error { try db.call("db.connect!", .string(server.url(database: "nope"))) }
        XCTAssertTrue(noDatabase?.message.contains(#"database "nope" does not exist"#) ?? false, noDatabase?.message ?? "")
        XCTAssertFalse(noDatabase?.message.contains(server.password) ?? true)
    }

    func testARefusedConnectionIsRetriedABoundedNumberOfTimes() {
        let port = LoopbackServer.closedPort()
        let error = db.error { try db.call("db.connect!", .string("postgresql://admin:hunter2@127.0.0.1:\(port)/app")) }
        let message = error?.message ?? ""
        XCTAssertTrue(message.hasPrefix("db.connect! cannot connect to postgresql://admin:***@127.0.0.1:\(port)/app: "), message)
        XCTAssertTrue(message.contains("Connection refused"), message)
        XCTAssertTrue(message.hasSuffix("(\(PostgresConnection.attempts) attempts)"), message)
        XCTAssertFalse(message.contains("hunter2"), message)
    }

    func testDisplayHidesThePasswordAndAClosedConnectionIsAnError() throws {
        let url = try Self.fixture.freshDatabase()
        let server = try Self.fixture.running()
        let connection = try db.call("db.connect!", .string(url))
        let shown = url.replacingOccurrences(of: server.password, with: "***")
        XCTAssertEqual(connection.display, "<db \(shown)>")
        XCTAssertEqual(try db.call("db.close!", connection), .unit)
        XCTAssertEqual(try db.call("db.close!", connection), .unit, "closing twice is harmless")
        XCTAssertEqual(connection.display, "<db \(shown) (closed)>")
        let error = db.error { try db.call("db.query!", connection, .string("SELECT 1"), .list([])) }
        XCTAssertEqual(error?.message, "db.query! used a closed connection (\(shown))")
    }

    /// The defaults AURA sends (`connect_timeout` 10 s, `fallback_application_name`) come before
    /// the URL, so the URL's own parameters win; `client_encoding` comes after it, so text is
    /// UTF-8 whatever the URL says. Seen from the server, by the settings it reports.
    func testURLParametersOverrideTheDefaultsButTextStaysUTF8() throws {
        let url = try Self.fixture.freshDatabase()
        let plain = try db.call("db.connect!", .string(url))
        XCTAssertEqual(try rows(plain, "SELECT current_setting('application_name') AS app, current_setting('client_encoding') AS encoding"),
                       #"[{"app": "aura", "encoding": "UTF8"}]"#)
        let configured = try db.call("db.connect!", .string(url + "?application_name=billing&client_encoding=LATIN1&connect_timeout=3"))
        XCTAssertEqual(try rows(configured, "SELECT current_setting('application_name') AS app, current_setting('client_encoding') AS encoding"),
                       #"[{"app": "billing", "encoding": "UTF8"}]"#)
        XCTAssertEqual(try rows(configured, "SELECT ? AS text", [.string("héllo ✓")]), #"[{"text": "héllo ✓"}]"#)
    }

    /// The run's deadline reaches into the server as `statement_timeout`: a statement that
    /// would sleep far past it is cancelled and reported as the time limit.
    func testAStatementPastTheRunsDeadlineIsTheTimeLimit() throws {
        let url = try Self.fixture.freshDatabase()
        let context = BuiltinContext(caller: db.caller, effects: db.effects, deadline: VirtualMachine.now() + 1)
        let connection = try PostgresConnection(url: url, sandbox: .none, deadline: context.deadline)
        XCTAssertThrowsError(try connection.query("SELECT pg_sleep(600)", [], context: context)) { error in
            XCTAssertEqual((error as? RuntimeError)?.code, .timeLimit, "\(error)")
        }
    }

    func testLibpqIsLoadedOnDemandAndReportsItsVersion() throws {
        let version = try XCTUnwrap(PostgresConnection.libraryVersion)
        XCTAssertNotNil(Int(version.split(separator: ".")[0]), version)
        XCTAssertGreaterThanOrEqual(Int(version.split(separator: ".")[0]) ?? 0, 10)
    }
}
