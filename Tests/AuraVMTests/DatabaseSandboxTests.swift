@testable import AuraVM
import Foundation
import XCTest

/// With the sandbox on, programs read real databases but every write lands in a throwaway copy.
final class DatabaseSandboxTests: XCTestCase {
    var directory = ""
    var scratch = ""

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory()
        scratch = directory + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A real database file with one row, written without the sandbox.
    private func seed(_ name: String = "real.db") throws -> String {
        let path = directory + "/" + name
        let real = CapabilityHarness()
        let connection = try real.call("db.connect!", .string("sqlite:" + path))
        _ = try real.call("db.execute!", connection, .string("CREATE TABLE users (name TEXT)"), .list([]))
        _ = try real.call("db.execute!", connection, .string("INSERT INTO users VALUES (?)"), .list([.string("ana")]))
        _ = try real.call("db.close!", connection)
        return path
    }

    private func names(_ harness: CapabilityHarness, _ connection: Value) throws -> String {
        try harness.call("db.query!", connection, .string("SELECT name FROM users ORDER BY rowid"), .list([])).display
    }

    func testWritesGoToATemporaryCopyInTheScratchDirectory() throws {
        let path = try seed()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let sandboxed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch, readableRoots: [directory]))
        let connection = try sandboxed.call("db.connect!", .string("sqlite:" + path))
        guard case let .object(object) = connection, let handle = object as? DatabaseConnection else { return XCTFail("not a connection") }
        XCTAssertTrue(handle.openedPath.hasPrefix(scratch + "/aura-db-"), handle.openedPath)
        XCTAssertTrue(FileManager.default.fileExists(atPath: handle.openedPath))
        XCTAssertEqual(try names(sandboxed, connection), #"[{"name": "ana"}]"#, "real data is readable")
        XCTAssertEqual(try sandboxed.call("db.execute!", connection, .string("INSERT INTO users VALUES (?)"), .list([.string("bob")])), .int(1))
        XCTAssertEqual(try sandboxed.call("db.execute!", connection, .string("DROP TABLE users"), .list([])), .int(0))
        _ = try sandboxed.call("db.close!", connection)

        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the real file is byte-for-byte unchanged")
        XCTAssertFalse(FileManager.default.fileExists(atPath: handle.openedPath), "the copy is deleted on close")
        let real = CapabilityHarness()
        XCTAssertEqual(try names(real, try real.call("db.connect!", .string("sqlite:" + path))), #"[{"name": "ana"}]"#)
    }

    func testAMissingFileBecomesAnInMemoryDatabaseAndIsNotCreated() throws {
        let path = directory + "/absent.db"
        let sandboxed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch, readableRoots: [directory]))
        let connection = try sandboxed.call("db.connect!", .string("sqlite:" + path))
        guard case let .object(object) = connection, let handle = object as? DatabaseConnection else { return XCTFail("not a connection") }
        XCTAssertEqual(handle.openedPath, ":memory:")
        XCTAssertEqual(connection.display, "<db sqlite:\(path)>")
        _ = try sandboxed.call("db.execute!", connection, .string("CREATE TABLE users (name TEXT)"), .list([]))
        _ = try sandboxed.call("db.execute!", connection, .string("INSERT INTO users VALUES (?)"), .list([.string("x")]))
        XCTAssertEqual(try names(sandboxed, connection), #"[{"name": "x"}]"#)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [])
    }

    func testWithoutAScratchDirectoryTheCopyLivesInMemory() throws {
        let path = try seed()
        let sandboxed = CapabilityHarness(sandbox: Sandbox(isEnabled: true, scratchDirectory: nil, allowNetwork: false, readableRoots: [directory]))
        let connection = try sandboxed.call("db.connect!", .string("sqlite:" + path))
        guard case let .object(object) = connection, let handle = object as? DatabaseConnection else { return XCTFail("not a connection") }
        XCTAssertEqual(handle.openedPath, ":memory:")
        _ = try sandboxed.call("db.execute!", connection, .string("DELETE FROM users"), .list([]))
        XCTAssertEqual(try names(sandboxed, connection), "[]")
        let real = CapabilityHarness()
        XCTAssertEqual(try names(real, try real.call("db.connect!", .string("sqlite:" + path))), #"[{"name": "ana"}]"#)
    }

    func testTheCopyIncludesRowsStillInTheWriteAheadLog() throws {
        let path = try seed("wal.db")
        let real = CapabilityHarness()
        let writer = try real.call("db.connect!", .string("sqlite:" + path))
        _ = try real.call("db.query!", writer, .string("PRAGMA journal_mode = WAL"), .list([]))
        _ = try real.call("db.execute!", writer, .string("INSERT INTO users VALUES (?)"), .list([.string("in-wal")]))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"), "the writer keeps its log until it closes")
        let sandboxed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch, readableRoots: [directory]))
        let copy = try sandboxed.call("db.connect!", .string("sqlite:" + path))
        XCTAssertEqual(try names(sandboxed, copy), #"[{"name": "ana"}, {"name": "in-wal"}]"#)
        _ = try real.call("db.close!", writer)
    }

    func testANonDatabaseFileIsAClearError() throws {
        let path = directory + "/notes.txt"
        try "just text, not SQLite".write(toFile: path, atomically: true, encoding: .utf8)
        let sandboxed = CapabilityHarness(sandbox: .confined(scratchDirectory: scratch, readableRoots: [directory]))
        let error = sandboxed.error { try sandboxed.call("db.connect!", .string("sqlite:" + path)) }
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message.hasPrefix("cannot copy \(path) into the sandbox:"), true, error?.message ?? "")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [], "the failed copy is cleaned up")
    }
}
