import AuraGit
import Foundation
import XCTest

/// A real git repository in a temporary directory, driven through the git CLI.
final class TempRepository {
    let root: String
    private let environment: [String: String]

    /// Creates `git init` in a fresh temp dir with a fixed identity and no global/system config.
    init(initialBranch: String = "main", bare: Bool = false) throws {
        root = NSTemporaryDirectory() + "aura-git-tests-" + UUID().uuidString.prefix(8) + "/repo"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") { env[key] = nil }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_AUTHOR_NAME"] = "Test"
        env["GIT_AUTHOR_EMAIL"] = "test@example.com"
        env["GIT_COMMITTER_NAME"] = "Test"
        env["GIT_COMMITTER_EMAIL"] = "test@example.com"
        env["NO_COLOR"] = "1"
        environment = env
        try git(bare ? ["init", "-q", "--bare", "-b", initialBranch] : ["init", "-q", "-b", initialBranch])
        try git("config", "user.name", "Test")
        try git("config", "user.email", "test@example.com")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: root).deletingLastPathComponent().path)
    }

    /// Runs git in `directory` (default: the repo root); throws with stderr on failure.
    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil, env extra: [String: String] = [:]) throws -> String {
        try git(arguments, in: directory, env: extra)
    }

    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil, env extra: [String: String] = [:], input: String? = nil) throws -> String {
        let result = try run("/usr/bin/git", arguments, in: directory, env: extra, input: input)
        guard result.status == 0 else {
            throw TestFailure("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// Runs any program; returns status, stdout and stderr.
    func run(_ executable: String, _ arguments: [String], in directory: String? = nil, env extra: [String: String] = [:],
             input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root)
        process.environment = environment.merging(extra) { $1 }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    var env: [String: String] { environment }

    func write(_ path: String, _ content: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    func delete(_ path: String) throws { try FileManager.default.removeItem(atPath: root + "/" + path) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + path) }

    func commitAll(_ message: String = "commit") throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
    }

    /// The tree git's `git add -A && git write-tree` gives for the working tree, on a copy of
    /// the index (the repository's own index is left as it is).
    func gitAddAllTree() throws -> String {
        let copy = root + "/../index-copy"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: root + "/.git/index", toPath: copy)
        try git(["add", "-A"], env: ["GIT_INDEX_FILE": copy])
        return try git(["write-tree"], env: ["GIT_INDEX_FILE": copy]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func indexBytes() -> Data? { FileManager.default.contents(atPath: root + "/.git/index") }

    func open() throws -> Repository { try Repository.open(at: root) }

    /// `git fsck --strict` is clean and `git log <ref>` reads; fails the test otherwise.
    func assertHealthy(refs: [String] = ["refs/aura/heal"], file: StaticString = #filePath, line: UInt = #line) {
        do {
            let fsck = try run("/usr/bin/git", ["fsck", "--strict", "--no-progress"])
            XCTAssertEqual(fsck.status, 0, "git fsck --strict: \(fsck.stdout)\(fsck.stderr)", file: file, line: line)
            XCTAssertFalse(fsck.stderr.contains("error"), "git fsck --strict: \(fsck.stderr)", file: file, line: line)
            for ref in refs where (try? git("rev-parse", "--verify", "-q", ref)) != nil {
                XCTAssertNoThrow(try git("log", "--format=%H %s", ref), file: file, line: line)
            }
        } catch {
            XCTFail("health check failed: \(error)", file: file, line: line)
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
