@testable import AuraVM
import Foundation
import XCTest

/// Issue #13: with the sandbox on, files outside the project and the scratch directory are
/// neither readable nor writable, however the path is spelled.
final class SandboxFileTests: XCTestCase {
    let vm = TestCaller()
    var directory = ""
    var scratch = ""

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory()
        scratch = directory + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try "secret".write(toFile: directory + "/secret.txt", atomically: true, encoding: .utf8)
        vm.effects.sandbox = .confined(scratchDirectory: scratch)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The attack: a test printing `read_file!("/etc/passwd")` into output, ledger and prompt.
    func testReadingEtcPasswdIsDenied() throws {
        let message = assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("/etc/passwd")) }
        XCTAssertTrue(message.contains("read outside the project and the scratch directory"), message)
        XCTAssertFalse(message.contains("root:"), message)
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string(self.directory + "/secret.txt")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("/nonexistent-aura/x.txt")) }
        // Without the sandbox nothing changes.
        vm.effects.sandbox = .none
        XCTAssertEqual(try vm.run("read_file!", .string(directory + "/secret.txt")), .string("secret"))
    }

    func testDotDotCannotClimbOutOfTheScratchDirectory() throws {
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("../secret.txt")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("a/../../secret.txt")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string(self.scratch + "/../secret.txt")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string("../escape.txt"), .string("x")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string(self.scratch + "/../escape.txt"), .string("x")) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/escape.txt"))
        // `..` that stays inside is fine.
        XCTAssertEqual(try vm.run("write_file!", .string("a/../inside.txt"), .string("ok")), .unit)
        XCTAssertEqual(try vm.run("read_file!", .string("b/../inside.txt")), .string("ok"))
        XCTAssertEqual(try vm.run("read_file!", .string(scratch + "/inside.txt")), .string("ok"), "absolute paths inside the scratch directory")
    }

    func testSymlinksInTheScratchDirectoryCannotLeadOut() throws {
        try FileManager.default.createSymbolicLink(atPath: scratch + "/passwd", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: scratch + "/secret", withDestinationPath: directory + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: scratch + "/out", withDestinationPath: directory)
        let message = assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("passwd")) }
        XCTAssertFalse(message.contains("root:"))
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("secret")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("out/secret.txt")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string(self.scratch + "/out/secret.txt")) }
        // A directory symlink must not carry a write out either (O_NOFOLLOW covers only the last component).
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string("out/planted.txt"), .string("x")) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/planted.txt"))
        XCTAssertEqual(try String(contentsOfFile: directory + "/secret.txt", encoding: .utf8), "secret")
    }

    func testTheProjectSnapshotIsServedFromMemory() throws {
        vm.effects.sandbox = .confined(scratchDirectory: scratch, projectFiles: ["data/users.txt": Array("ana\nbob\n".utf8)])
        XCTAssertEqual(try vm.run("read_file!", .string("data/users.txt")), .string("ana\nbob\n"))
        XCTAssertEqual(try vm.run("read_file!", .string("./data/../data/users.txt")), .string("ana\nbob\n"))
        // What the program wrote wins over the snapshot, so it reads back its own writes.
        _ = try vm.run("write_file!", .string("data.txt"), .string("mine"))
        XCTAssertEqual(try vm.run("read_file!", .string("data.txt")), .string("mine"))
        let missing = assertRuntimeError(.fileError) { try self.vm.run("read_file!", .string("data/absent.txt")) }
        XCTAssertTrue(missing.contains("No such file in the sandbox"), missing)
    }

    func testReadableRootsAllowTheProjectOnDisk() throws {
        let project = directory + "/project"
        try FileManager.default.createDirectory(atPath: project + "/data", withIntermediateDirectories: true)
        try "rows".write(toFile: project + "/data/rows.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: project + "/data/leak", withDestinationPath: directory + "/secret.txt")
        vm.effects.sandbox = .confined(scratchDirectory: scratch, readableRoots: [project])
        XCTAssertEqual(try vm.run("read_file!", .string("data/rows.txt")), .string("rows"))
        XCTAssertEqual(try vm.run("read_file!", .string(project + "/data/rows.txt")), .string("rows"))
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("data/leak")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string(project + "/../secret.txt")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string(project + "/data/new.txt"), .string("x")) }
    }

    func testWithoutAScratchDirectoryNothingIsWritten() throws {
        vm.effects.sandbox = Sandbox(isEnabled: true, scratchDirectory: nil, allowNetwork: false)
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string("out.txt"), .string("x")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("read_file!", .string("/etc/passwd")) }
    }

    func testPathHelpers() {
        XCTAssertEqual(SandboxPaths.normalized("a/./b//c"), "a/b/c")
        XCTAssertEqual(SandboxPaths.normalized("a/../b"), "b")
        XCTAssertNil(SandboxPaths.normalized("a/../../b"))
        XCTAssertNil(SandboxPaths.normalized(""))
        XCTAssertNil(SandboxPaths.normalized("."))
        XCTAssertTrue(SandboxPaths.isInside(lexical: "/tmp/x/../x/y", root: "/tmp/x"))
        XCTAssertFalse(SandboxPaths.isInside(lexical: "/tmp/xy", root: "/tmp/x"))
    }
}
