import AuraGit
@testable import AuraHeal
import AuraRepair
import AuraTestSupport
import AuraVM
import Foundation
import XCTest

/// `aura.verify.databaseUrl` from git config to the isolated verify worker: verification of a
/// project that talks to PostgreSQL runs against the scratch database, rolled back, and never
/// against the URL in the code; without the key such tests fail with R0019.
final class PostgresVerificationTests: PostgresTestCase {
    static let project = """
        +db

        test "stores a user" {
            conn = db.connect!("postgres://prod:prod-secret@127.0.0.1:\(LoopbackServer.closedPort())/production")
            db.execute!(conn, "CREATE TABLE users(id INTEGER, name TEXT)", [])
            db.execute!(conn, "BEGIN", [])
            db.execute!(conn, "INSERT INTO users VALUES (?, ?)", [1, "Ana"])
            db.execute!(conn, "COMMIT", [])
            rows = db.query!(conn, "SELECT name FROM users", [])
            assert_eq(len(rows), 1)
            db.close!(conn)
        }

        """

    private func publicTables(_ url: String) throws -> Value {
        let effects = EffectHost(output: { _ in })
        let connection = try PostgresConnection(url: url, sandbox: .none)
        defer { connection.close() }
        let context = BuiltinContext(caller: NoCaller(), effects: effects)
        return .list(try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], context: context))
    }

    func testTheIsolatedWorkerRunsTestsAgainstTheScratchDatabaseAndKeepsNothing() throws {
        let worker = try XCTUnwrap(IsolatedRunClient.defaultWorker(), "no aura binary next to the tests")
        let scratch = try Self.fixture.freshDatabase()
        let files = ["app.aura": Array(Self.project.utf8)]
        let verification = Verifier.verify(files: files, options: VerificationOptions(worker: worker, databaseUrl: scratch))
        XCTAssertEqual(verification.passedTests, [TestName(module: "app.aura", title: "stores a user")], "\(verification.failedTests)")
        XCTAssertEqual(try publicTables(scratch), .list([]), "the test's table and row were rolled back")
    }

    func testInProcessVerificationUsesTheScratchDatabaseToo() throws {
        let scratch = try Self.fixture.freshDatabase()
        let files = ["app.aura": Array(Self.project.utf8)]
        let verification = Verifier.verify(files: files, options: VerificationOptions(worker: nil, databaseUrl: scratch))
        XCTAssertEqual(verification.passedTests.count, 1, "\(verification.failedTests)")
        XCTAssertEqual(try publicTables(scratch), .list([]))
    }

    /// Tests that never close their connection still end their transaction when they end: the
    /// next test can create the same table instead of waiting for the first one's lock.
    func testEachTestsTransactionEndsWithTheTest() throws {
        let scratch = try Self.fixture.freshDatabase()
        let test = { (title: String) in
            """
            test "\(title)" {
                conn = db.connect!("postgres://app@127.0.0.1:1/app")
                db.execute!(conn, "CREATE TABLE users(id INTEGER)", [])
                assert_eq(db.execute!(conn, "INSERT INTO users VALUES (?)", [1]), 1)
            }

            """
        }
        let files = ["app.aura": Array(("+db\n\n" + test("first") + test("second") + test("third")).utf8)]
        for worker in [IsolatedRunClient.defaultWorker(), nil] {
            let verification = Verifier.verify(files: files, options: VerificationOptions(worker: worker, databaseUrl: scratch))
            XCTAssertEqual(verification.passedTests.count, 3, "worker \(worker ?? "none"): \(verification.failedTests)")
        }
        XCTAssertEqual(try publicTables(scratch), .list([]))
    }

    func testWithoutTheKeyVerificationRefusesTheServer() throws {
        let files = ["app.aura": Array(Self.project.utf8)]
        let verification = Verifier.verify(files: files)
        let failure = verification.failedTests[TestName(module: "app.aura", title: "stores a user")]
        XCTAssertEqual(failure?.code, .sandboxDatabaseDenied, "\(String(describing: failure))")
        XCTAssertFalse(failure?.message.contains("prod-secret") ?? true, failure?.message ?? "")
    }

    func testTheKeyIsReadFromGitConfigAndItsPasswordNeverShown() throws {
        let scratch = try Self.fixture.freshDatabase()
        let repo = try TemporaryRepository(files: ["app.aura": Self.project])
        _ = try repo.git("config", "aura.verify.databaseUrl", scratch)
        let config = try GitConfig(repository: try Repository.open(at: repo.path), environment: [:])
        XCTAssertEqual(try HealSettings.load(config).verification.databaseUrl, scratch)
        let key = try XCTUnwrap(PolicyKeys.key("aura.verify.databaseUrl"))
        let server = try Self.fixture.running()
        XCTAssertEqual(key.shown(scratch), scratch.replacingOccurrences(of: server.password, with: "***"))
        _ = try repo.git("config", "aura.verify.databaseUrl", "mysql://root:hunter2@db/app")
        XCTAssertThrowsError(try HealSettings.load(try GitConfig(repository: try Repository.open(at: repo.path), environment: [:]))) { error in
            XCTAssertTrue("\(error)".contains("aura.verify.databaseUrl"), "\(error)")
            XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
        }
    }
}

/// Direct queries call no AURA functions.
private final class NoCaller: FunctionCaller {
    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        throw RuntimeError(.assertionFailed, "unexpected call")
    }
}
