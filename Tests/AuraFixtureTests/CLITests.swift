import Foundation
import XCTest

/// Runs the real `aura` executable: exit codes, formats, and bad input.
final class CLITests: XCTestCase {
    static let binary: String = {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("aura").path,
            FixtureCorpus.root + "/.build/debug/aura",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }()

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    func aura(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try Self.run(arguments, in: directory ?? FixtureCorpus.root, environment: environment)
    }

    /// Runs the `aura` binary in `directory` and collects its exit status and output.
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:], stdinText: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        if stdinText != nil { process.standardInput = input }
        try process.run()
        if let stdinText {
            input.fileHandleForWriting.write(Data(stdinText.utf8))
            try input.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "aura-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testExitCodes() throws {
        let dir = try temporaryDirectory()
        try "main = print!(1)\n".write(toFile: dir + "/ok.aura", atomically: true, encoding: .utf8)
        try "main = print(1)\n".write(toFile: dir + "/bad.aura", atomically: true, encoding: .utf8)
        let ok = try aura(["check", "ok.aura"], in: dir)
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertTrue(ok.stdout.contains("no problems"))
        let bad = try aura(["check", "bad.aura"], in: dir)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stdout.contains("error[E0402]"))
        XCTAssertFalse(bad.stdout.contains("\u{1B}["), "no colour when not a terminal")
        let coloured = try aura(["check", "--color", "always", "bad.aura"], in: dir)
        XCTAssertTrue(coloured.stdout.contains("\u{1B}["))
    }

    func testDefaultChecksTheProjectUnderTheCurrentDirectory() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/src", withIntermediateDirectories: true)
        try "x = 1\n".write(toFile: dir + "/src/a.aura", atomically: true, encoding: .utf8)
        try "y = nope\n".write(toFile: dir + "/src/b.aura", atomically: true, encoding: .utf8)
        let result = try aura(["check"], in: dir)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stdout.contains("src/b.aura:1:5"), result.stdout)
        XCTAssertTrue(result.stdout.contains("checked 2 files"))
    }

    func testBadInputGetsAClearMessage() throws {
        let dir = try temporaryDirectory()
        let missing = try aura(["check", "nothere.aura"], in: dir)
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("cannot read `nothere.aura`"))
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        let empty = try aura(["check", "empty"], in: dir)
        XCTAssertEqual(empty.status, 64)
        XCTAssertTrue(empty.stderr.contains("no .aura files under `empty`"))
        try Data([0x78, 0x20, 0x3D, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: dir + "/latin1.aura"))
        let invalid = try aura(["check", "latin1.aura"], in: dir)
        XCTAssertEqual(invalid.status, 2)
        XCTAssertTrue(invalid.stdout.contains("error[E0111]"), invalid.stdout)
        try ("x = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "\n")
            .write(toFile: dir + "/deep.aura", atomically: true, encoding: .utf8)
        let deep = try aura(["check", "deep.aura"], in: dir)
        XCTAssertEqual(deep.status, 2)
        XCTAssertTrue(deep.stdout.contains("error[E0110]"))
    }

    func testFormats() throws {
        let dir = try temporaryDirectory()
        try "+db\nmain = print(1)\n".write(toFile: dir + "/a.aura", atomically: true, encoding: .utf8)
        let json = try aura(["check", "--format", "json", "a.aura"], in: dir)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["diagnostics"] as? [Any])?.count, 2)
        let sarif = try aura(["check", "--format", "sarif", "a.aura"], in: dir)
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(log?["version"] as? String, "2.1.0")
    }

    func testExplain() throws {
        let known = try aura(["explain", "E0201"])
        XCTAssertEqual(known.status, 0)
        XCTAssertTrue(known.stdout.hasPrefix("# E0201: unknown name"))
        let unknown = try aura(["explain", "E9999"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("unknown diagnostic code `E9999`"))
        let version = try aura(["--version"])
        XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
    }

    func testSandboxedRunsRemoveTheirScratchDirectory() throws {
        let dir = try temporaryDirectory()
        try "main = write_file!(\"out.txt\", \"x\")\ntest \"writes\" { write_file!(\"t.txt\", \"y\") }\n"
            .write(toFile: dir + "/w.aura", atomically: true, encoding: .utf8)
        let scratches = { Set((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []).filter { $0.hasPrefix("aura-scratch-") } }
        let before = scratches()
        XCTAssertEqual(try aura(["run", "--sandbox", "w.aura"], in: dir).status, 0)
        XCTAssertEqual(try aura(["test", "--sandbox", "w.aura"], in: dir).status, 0)
        XCTAssertEqual(scratches().subtracting(before), [], "no scratch directory is left behind")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out.txt"), "sandboxed writes never reach the project")
    }
}
