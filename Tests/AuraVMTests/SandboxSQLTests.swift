import AuraSema
@testable import AuraVM
import Foundation
import XCTest

/// Issue #13: from a sandboxed connection, SQL cannot reach database files outside the
/// scratch directory (the authorizer, `SQLiteAuthorizer`), and refusals are R0018.
final class SandboxSQLTests: XCTestCase {
    var directory = ""
    var scratch = ""
    var sandboxed: CapabilityHarness!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory()
        scratch = directory + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        sandboxed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func memory() throws -> Value { try sandboxed.call("db.connect!", .string("sqlite::memory:")) }

    private func execute(_ connection: Value, _ sql: String) throws -> Value {
        try sandboxed.call("db.execute!", connection, .string(sql), .list([]))
    }

    /// A real database outside the scratch directory, with one table.
    private func victim() throws -> String {
        let path = directory + "/victim.db"
        let real = CapabilityHarness()
        let connection = try real.call("db.connect!", .string("sqlite:" + path))
        _ = try real.call("db.execute!", connection, .string("CREATE TABLE users (name TEXT)"), .list([]))
        _ = try real.call("db.close!", connection)
        return path
    }

    /// The attack: `ATTACH DATABASE '/tmp/x.db'` then `DROP TABLE` from a `:memory:` connection.
    func testAttachingADatabaseOutsideTheScratchDirectoryIsDenied() throws {
        let path = try victim()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let connection = try memory()
        let error = sandboxed.error { try self.execute(connection, "ATTACH DATABASE '\(path)' AS victim") }
        XCTAssertEqual(error?.code, .sandboxSQLDenied)
        XCTAssertTrue(error?.message.contains("ATTACH DATABASE '\(path)' AS victim") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("outside the scratch directory") ?? false, error?.message ?? "")
        XCTAssertEqual(sandboxed.error { try self.execute(connection, "DROP TABLE victim.users") }?.code, .databaseError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        // Creating a new file elsewhere is refused too, by every spelling.
        for name in ["'\(directory)/new.db'", "'file:\(directory)/new.db?mode=rwc'", "'file://localhost\(directory)/new.db'",
                     "'file:\(directory.replacingOccurrences(of: "/", with: "%2F"))%2Fnew.db'", "'\(scratch)/../new.db'",
                     "('\(directory)/' || 'new.db')", "'file:new.db?vfs=unix-none'"] {
            XCTAssertEqual(sandboxed.error { try self.execute(connection, "ATTACH \(name) AS other") }?.code, .sandboxSQLDenied, name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/new.db"))
        XCTAssertEqual(try sandboxed.call("db.query!", connection, .string("SELECT 1 AS one"), .list([])).display, #"[{"one": 1}]"#,
                       "the connection still works after a refusal")
    }

    func testAttachingMemoryOrAFileInTheScratchDirectoryIsAllowed() throws {
        let connection = try memory()
        XCTAssertEqual(try execute(connection, "ATTACH ':memory:' AS m"), .int(0))
        XCTAssertEqual(try execute(connection, "ATTACH '\(scratch)/side.db' AS side"), .int(0))
        XCTAssertEqual(try execute(connection, "CREATE TABLE side.t (x INTEGER)"), .int(0))
        XCTAssertEqual(try execute(connection, "DETACH side"), .int(0))
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch + "/side.db"))
    }

    /// The attack: `VACUUM INTO '/tmp/new.db'` writes a database file anywhere.
    func testVacuumIntoIsDenied() throws {
        let connection = try memory()
        _ = try execute(connection, "CREATE TABLE t (x INTEGER)")
        for sql in ["VACUUM INTO '\(directory)/copy.db'", "/* backup */ vacuum main into '\(directory)/copy.db'",
                    "VACUUM INTO '\(scratch)/copy.db'"] {
            let error = sandboxed.error { try self.execute(connection, sql) }
            XCTAssertEqual(error?.code, .sandboxSQLDenied, sql)
            XCTAssertTrue(error?.message.contains("VACUUM INTO") ?? false, error?.message ?? "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/copy.db"))
        XCTAssertEqual(try execute(connection, "VACUUM"), .int(0), "a plain VACUUM of the connection's own database is fine")
        // The internal ATTACH of VACUUM INTO is refused even when the keyword check is fooled.
        XCTAssertNotNil(SQLiteAuthorizer(scratchDirectory: scratch).attachDenial(directory + "/copy.db"))
    }

    func testLoadingExtensionsIsDenied() throws {
        let connection = try memory()
        let error = sandboxed.error { try self.sandboxed.call("db.query!", connection, .string("SELECT load_extension('/tmp/evil.so')"), .list([])) }
        XCTAssertEqual(error?.code, .sandboxSQLDenied)
        XCTAssertTrue(error?.message.contains("extension") ?? false, error?.message ?? "")
        XCTAssertEqual(sandboxed.error { try self.execute(connection, "PRAGMA temp_store_directory = '/tmp'") }?.code, .sandboxSQLDenied)
    }

    /// The sandboxed copy of a real database is guarded too.
    func testACopiedDatabaseIsGuardedToo() throws {
        let path = try victim()
        let project = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch, readableRoots: [directory]))
        let connection = try project.call("db.connect!", .string("sqlite:" + path))
        let error = project.error { try project.call("db.execute!", connection, .string("ATTACH '\(path)' AS original"), .list([])) }
        XCTAssertEqual(error?.code, .sandboxSQLDenied, "readable is not writable: ATTACH could change the original")
    }

    func testWithoutTheSandboxAttachWorksAsBefore() throws {
        let real = CapabilityHarness()
        let connection = try real.call("db.connect!", .string("sqlite::memory:"))
        XCTAssertEqual(try real.call("db.execute!", connection, .string("ATTACH '\(directory)/plain.db' AS p"), .list([])), .int(0))
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/plain.db"))
    }

    func testKeywordScanning() {
        XCTAssertTrue(SQLiteAuthorizer.isVacuumInto("  -- c\n VACUUM \"main\" INTO 'x'"))
        XCTAssertFalse(SQLiteAuthorizer.isVacuumInto("SELECT 'VACUUM INTO'"))
        XCTAssertFalse(SQLiteAuthorizer.isVacuumInto("VACUUM"))
        XCTAssertEqual(SQLiteAuthorizer.path(of: "file:/a%20b.db?cache=shared"), "/a b.db")
        XCTAssertEqual(SQLiteAuthorizer.path(of: "file:x?mode=memory"), ":memory:")
        XCTAssertNil(SQLiteAuthorizer.path(of: "file://evil.example/x.db"))
    }
}

/// `db.connect!` under the sandbox reads (copies) a database file: it is confined like `read_file!`.
final class SandboxDatabaseFileTests: XCTestCase {
    func testConnectingToADatabaseOutsideTheProjectIsDenied() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scratch = directory + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let outside = directory + "/other.db"
        let real = CapabilityHarness()
        _ = try real.call("db.close!", try real.call("db.connect!", .string("sqlite:" + outside)))
        let sandboxed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch))
        XCTAssertEqual(sandboxed.error { try sandboxed.call("db.connect!", .string("sqlite:" + outside)) }?.code, .sandboxPathDenied)
        XCTAssertEqual(sandboxed.error { try sandboxed.call("db.connect!", .string("sqlite:../../../../../../" + outside)) }?.code, .sandboxPathDenied)
        XCTAssertEqual(sandboxed.error { try sandboxed.call("db.connect!", .string("sqlite:/nonexistent-aura/x.db")) }?.code, .sandboxPathDenied)
        let allowed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch, readableRoots: [directory]))
        XCTAssertNoThrow(try allowed.call("db.connect!", .string("sqlite:" + outside)))
    }
}

/// A statement runs in native code: the time budget reaches it through SQLite's progress
/// handler, and its rows through the memory budget.
final class SQLBudgetTests: XCTestCase {
    func run(_ sql: String, limits: Limits) -> RuntimeError? {
        let source = "+db\n\nmain = {\n    conn = db.connect!(\"sqlite::memory:\")\n    rows = db.query!(conn, \"\(sql)\", [])\n    print!(len(rows))\n}\n"
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map(\.message).joined(separator: "\n"))
        let result = ProgramRunner.runMain(BytecodeCompiler.compile(checked), effects: EffectHost(output: { _ in }), limits: limits)
        if case let .failure(error) = result { return error }
        return nil
    }

    func testAnEndlessRecursiveQueryStopsAtTheTimeLimit() {
        var limits = Limits.verification
        limits.timeLimit = 0.5
        // Counting without returning rows: one step that never ends.
        let started = VirtualMachine.now()
        let error = run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", limits: limits)
        XCTAssertEqual(error?.code, .timeLimit, error?.message ?? "")
        XCTAssertLessThan(VirtualMachine.now() - started, 3)
    }

    func testAnEndlessStreamOfRowsStopsAtTheMemoryLimit() {
        var limits = Limits.verification
        limits.maxMemoryBytes = (MemoryBudget.residentBytes() ?? 0) + (128 << 20)
        let error = run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, 'padding padding padding' AS p FROM c", limits: limits)
        XCTAssertTrue(error?.code == .memoryLimit || error?.code == .timeLimit, error?.message ?? "")
    }
}
