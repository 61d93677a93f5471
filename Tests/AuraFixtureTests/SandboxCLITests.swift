import Foundation
import XCTest

/// Issue #13's attacks through the real `aura` binary: `--sandbox` keeps files, databases and
/// memory contained, and pathological input is checked quickly with bounded output.
final class SandboxCLITests: XCTestCase {
    /// Runs the `aura` binary `CLITests` found, in `directory`.
    func aura(_ arguments: [String], in directory: String) throws -> CLITests.Result {
        try CLITests.run(arguments, in: directory)
    }

    func project(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "aura-sandbox-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    func testSandboxedTestCannotReadEtcPasswd() throws {
        let dir = try project([
            "leak.aura": "test \"leaks\" {\n    print!(read_file!(\"/etc/passwd\"))\n}\ntest \"reads the project\" {\n    assert(len(read_file!(\"data.txt\")) == 3)\n}\n",
            "data.txt": "abc",
        ])
        let result = try aura(["test", "--sandbox", "leak.aura"], in: dir)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("R0017"), result.stdout)
        XCTAssertFalse(result.stdout.contains("root:"), "the file's contents never reach the output")
        XCTAssertTrue(result.stdout.contains("1 passed, 1 failed"), result.stdout)
    }

    func testSandboxedRunCannotAttachOrVacuumIntoOutsideFiles() throws {
        let outside = try project([:])
        let dir = try project([
            "db.aura": "+db\n\nmain = {\n    conn = db.connect!(\"sqlite::memory:\")\n    db.execute!(conn, \"ATTACH DATABASE '\(outside)/x.db' AS x\", [])\n}\n",
            "vacuum.aura": "+db\n\nmain = {\n    conn = db.connect!(\"sqlite::memory:\")\n    db.execute!(conn, \"VACUUM INTO '\(outside)/new.db'\", [])\n}\n",
        ])
        let attach = try aura(["run", "--sandbox", "db.aura"], in: dir)
        XCTAssertEqual(attach.status, 1)
        XCTAssertTrue(attach.stderr.contains("R0018") && attach.stderr.contains("ATTACH DATABASE"), attach.stderr)
        let vacuum = try aura(["run", "--sandbox", "vacuum.aura"], in: dir)
        XCTAssertEqual(vacuum.status, 1)
        XCTAssertTrue(vacuum.stderr.contains("R0018") && vacuum.stderr.contains("VACUUM INTO"), vacuum.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [], "nothing created outside")
    }

    func testADoublingMainStopsWithTheMemoryCode() throws {
        let dir = try project(["grow.aura": "main = {\n    var xs = [0]\n    while true { xs = xs + xs }\n}\n"])
        let started = Date()
        let result = try aura(["run", "--sandbox", "--max-memory", "256", "--timeout", "10", "grow.aura"], in: dir)
        XCTAssertEqual(result.status, 1, "a runtime error, not SIGABRT: " + result.stderr)
        XCTAssertTrue(result.stderr.contains("R0011"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8)
    }

    func testPathologicalBracketsCheckQuicklyWithBoundedOutput() throws {
        let dir = try project(["bad.aura": "main = " + String(repeating: "(", count: 100_000) + "\n"])
        let started = Date()
        let result = try aura(["check", "bad.aura"], in: dir)
        XCTAssertEqual(result.status, 2)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "debug build")
        XCTAssertLessThan(result.stdout.utf8.count, 200_000, "was 252 MB for 10,000 brackets")
        XCTAssertTrue(result.stdout.contains("more diagnostics in this file not shown"), String(result.stdout.suffix(500)))
    }
}
