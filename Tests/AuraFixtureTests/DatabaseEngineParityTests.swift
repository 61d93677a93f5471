import AuraTestSupport
import Foundation
import XCTest

/// The same programs (Fixtures/db-engines) on SQLite and on PostgreSQL give the same output:
/// each runs with `aura run FILE -- URL` against a `sqlite:` file and against a fresh
/// database on a server this class starts on loopback, and both runs must print exactly the
/// file's `# expect:` lines and end alike.
final class DatabaseEngineParityTests: PostgresTestCase {
    static let directory = FixtureCorpus.root + "/Fixtures/db-engines"

    struct Expectation {
        var stdout: [String] = []
        var runtimeError: String?
    }

    static func expectation(of path: String) throws -> Expectation {
        var expectation = Expectation()
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if let range = line.range(of: "# expect: ") {
                var text = String(line[range.upperBound...])
                while text.last == " " { text.removeLast() }
                expectation.stdout.append(text)
            } else if line.hasSuffix("# expect:") {
                expectation.stdout.append("")
            } else if let range = line.range(of: "# expect runtime error ") {
                expectation.runtimeError = String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            }
        }
        return expectation
    }

    func programs() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".aura") }.sorted()
    }

    func testEveryProgramPrintsTheSameOnSQLiteAndPostgres() throws {
        let scratch = NSTemporaryDirectory() + "aura-db-engines-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let names = try programs()
        XCTAssertGreaterThanOrEqual(names.count, 5)
        for name in names {
            let path = Self.directory + "/" + name
            let expected = try Self.expectation(of: path)
            XCTAssertFalse(expected.stdout.isEmpty, "\(name) expects no output")
            let sqlite = try CLITests.run(["run", path, "--", "sqlite:\(scratch)/\(name).db"], in: scratch)
            let postgres = try CLITests.run(["run", path, "--", try Self.fixture.freshDatabase()], in: scratch)
            for (engine, result) in [("sqlite", sqlite), ("postgres", postgres)] {
                XCTAssertEqual(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), expected.stdout,
                               "\(name) on \(engine): \(result.stderr)")
                if let code = expected.runtimeError {
                    XCTAssertEqual(result.status, 1, "\(name) on \(engine)")
                    XCTAssertTrue(result.stderr.contains("error[\(code)]"), "\(name) on \(engine): \(result.stderr)")
                } else {
                    XCTAssertEqual(result.status, 0, "\(name) on \(engine): \(result.stderr)")
                }
            }
            XCTAssertEqual(sqlite.stdout, postgres.stdout, name)
        }
    }

    /// PostgreSQL's error names the SQLSTATE, SQLite's its own text; neither shows the password.
    func testTheSQLErrorCarriesTheSQLStateOnPostgres() throws {
        let server = try Self.fixture.running()
        let path = Self.directory + "/sql_error.aura"
        let result = try CLITests.run(["run", path, "--", try Self.fixture.freshDatabase()], in: NSTemporaryDirectory())
        XCTAssertTrue(result.stderr.contains(#"db.query! failed: relation "user_accounts" does not exist (SQLSTATE 42P01)"#), result.stderr)
        XCTAssertFalse(result.stderr.contains(server.password), result.stderr)
        let sqlite = try CLITests.run(["run", path, "--", "sqlite::memory:"], in: NSTemporaryDirectory())
        XCTAssertTrue(sqlite.stderr.contains("db.query! failed: no such table: user_accounts"), sqlite.stderr)
    }

    /// The server's notices (`DROP TABLE IF EXISTS` of a missing table, `COMMIT` with no
    /// transaction open) do not reach stderr: a program's output is the same on both engines.
    func testServerNoticesStayOutOfTheOutput() throws {
        let directory = NSTemporaryDirectory() + "aura-db-notices-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            +db

            main = {
                conn = db.connect!(args!()[0])
                print!(db.execute!(conn, "DROP TABLE IF EXISTS never_created", []))
                print!(db.execute!(conn, "COMMIT", []))
            }

            """.write(toFile: directory + "/app.aura", atomically: true, encoding: .utf8)
        let result = try CLITests.run(["run", "app.aura", "--", try Self.fixture.freshDatabase()], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "0\n0\n")
        XCTAssertEqual(result.stderr, "")
    }

    /// `aura test --sandbox` is verification's policy: a server URL in a test is R0019, and
    /// the password stays hidden (the URL comes from the environment, as credentials should:
    /// a URL written in the source would be shown in the source excerpt).
    func testSandboxedTestsRefuseDatabaseServers() throws {
        let directory = NSTemporaryDirectory() + "aura-db-sandbox-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try Self.fixture.freshDatabase()
        try """
            +db

            test "talks to the server" {
                conn = db.connect!(env!("APP_DATABASE_URL") ?? "sqlite::memory:")
                assert_eq(len(db.query!(conn, "SELECT current_database() AS name", [])), 1)
            }

            """.write(toFile: directory + "/app.aura", atomically: true, encoding: .utf8)
        let plain = try CLITests.run(["test", "app.aura"], in: directory, environment: ["APP_DATABASE_URL": url])
        XCTAssertEqual(plain.status, 0, plain.stdout + plain.stderr)
        let sandboxed = try CLITests.run(["test", "--sandbox", "app.aura"], in: directory, environment: ["APP_DATABASE_URL": url])
        XCTAssertNotEqual(sandboxed.status, 0)
        let shown = url.replacingOccurrences(of: try Self.fixture.running().password, with: "***")
        XCTAssertTrue((sandboxed.stdout + sandboxed.stderr).contains("error[R0019]: db.connect!: verification does not connect to database servers (\(shown))"),
                      sandboxed.stdout + sandboxed.stderr)
        XCTAssertFalse((sandboxed.stdout + sandboxed.stderr).contains(try Self.fixture.running().password))
    }

    /// libpq is loaded on the first `postgres://` connect; when it cannot be, the error says
    /// what to install (`AURA_LIBPQ` points the loader at a library file that does not exist).
    func testAMissingLibpqIsAClearRuntimeError() throws {
        let path = Self.directory + "/update_counts.aura"
        let result = try CLITests.run(["run", path, "--", "postgres://aura@127.0.0.1:1/app"], in: NSTemporaryDirectory(),
                                      environment: ["AURA_LIBPQ": "/nonexistent/libpq.so.5"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error[R0013]: db.connect!: PostgreSQL needs libpq, which could not be loaded"), result.stderr)
        XCTAssertTrue(result.stderr.contains("install libpq5"), result.stderr)
        let sqlite = try CLITests.run(["run", path, "--", "sqlite::memory:"], in: NSTemporaryDirectory(),
                                      environment: ["AURA_LIBPQ": "/nonexistent/libpq.so.5"])
        XCTAssertEqual(sqlite.status, 0, "SQLite programs never load libpq: \(sqlite.stderr)")
    }
}
