import Foundation
import XCTest

/// `aura fmt` through the real binary: in-place rewrite, `--check`, `--stdin`, files with syntax
/// errors left alone, permissions kept.
final class FmtCLITests: XCTestCase {
    let messy = "double(x:i):i=x*2  # twice\nmain = {\nprint!(double(2))\n}\n"
    let tidy = "double(x:i): i = x * 2  # twice\n\nmain = {\n    print!(double(2))\n}\n"

    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "aura-fmt-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/src", withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testRewritesInPlaceKeepingTheFileMode() throws {
        let dir = try directory()
        try messy.write(toFile: dir + "/src/a.aura", atomically: true, encoding: .utf8)
        try tidy.write(toFile: dir + "/src/b.aura", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: dir + "/src/a.aura")
        let result = try CLITests.run(["fmt"], in: dir)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try read(dir + "/src/a.aura"), tidy)
        XCTAssertEqual(try read(dir + "/src/b.aura"), tidy)
        XCTAssertEqual(result.stdout, "formatted src/a.aura\n")
        XCTAssertTrue(result.stderr.contains("1 file reformatted, 1 file already formatted"), result.stderr)
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/src/a.aura")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/src").filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary file is left behind")
        let second = try CLITests.run(["fmt", "src"], in: dir)
        XCTAssertEqual(second.status, 0)
        XCTAssertEqual(second.stdout, "", "a formatted project is a fixed point")
    }

    func testCheckListsTheFilesThatWouldChangeAndRewritesNothing() throws {
        let dir = try directory()
        try messy.write(toFile: dir + "/src/a.aura", atomically: true, encoding: .utf8)
        try tidy.write(toFile: dir + "/src/b.aura", atomically: true, encoding: .utf8)
        let result = try CLITests.run(["fmt", "--check", "src"], in: dir)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "src/a.aura\n")
        XCTAssertTrue(result.stderr.contains("1 file of 2 would be reformatted; run `aura fmt`"), result.stderr)
        XCTAssertEqual(try read(dir + "/src/a.aura"), messy)
        let clean = try CLITests.run(["fmt", "--check", "src/b.aura"], in: dir)
        XCTAssertEqual(clean.status, 0)
        XCTAssertEqual(clean.stdout, "")
    }

    func testStdinWritesTheFormattedProgramToStandardOutput() throws {
        let dir = try directory()
        try messy.write(toFile: dir + "/in.aura", atomically: true, encoding: .utf8)
        let result = try CLITests.run(["fmt", "--stdin"], in: dir, stdinText: messy)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, tidy)
        let broken = try CLITests.run(["fmt", "--stdin"], in: dir, stdinText: "main = {\n    print!(\"x\"\n")
        XCTAssertEqual(broken.status, 2)
        XCTAssertEqual(broken.stdout, "")
        XCTAssertTrue(broken.stderr.contains("error[E"), broken.stderr)
    }

    func testAFileWithSyntaxErrorsIsLeftUntouchedAndTheOthersAreFormatted() throws {
        let dir = try directory()
        let bad = "main = {\n  print!(\"x\"\n"
        try bad.write(toFile: dir + "/src/bad.aura", atomically: true, encoding: .utf8)
        try messy.write(toFile: dir + "/src/good.aura", atomically: true, encoding: .utf8)
        let result = try CLITests.run(["fmt", "src"], in: dir)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(try read(dir + "/src/bad.aura"), bad)
        XCTAssertEqual(try read(dir + "/src/good.aura"), tidy)
        XCTAssertTrue(result.stderr.contains("src/bad.aura:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("`src/bad.aura` has syntax errors and was left untouched; fix them (`aura check src/bad.aura`)"), result.stderr)
    }

    func testBadPathsAreUsageErrors() throws {
        let dir = try directory()
        let missing = try CLITests.run(["fmt", "nothere.aura"], in: dir)
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("cannot read `nothere.aura`"))
        let both = try CLITests.run(["fmt", "--stdin", "src"], in: dir)
        XCTAssertEqual(both.status, 64)
    }
}
