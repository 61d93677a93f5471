import Foundation
import XCTest

/// A real git repository in a temporary directory, plus the built `git-aura` to run in it.
final class LedgerTestRepository {
    let path: String

    /// A program with two problems the rules heal (a typo and a missing `!`).
    static let broken = """
    @User { name:s active:b }

    generate_report(users: [User]): s = users | filter(_.active) | map(_.name) | join(", ")

    send!(text: s) = print!("sending: ${text}")

    main = {
        users = [User { name: "Ana", active: true }]
        report = generate_reprot(users)
        send(report)
    }

    test "only active users are reported" {
        assert_eq(generate_report([User { name: "Ana", active: true }]), "Ana")
    }

    """

    init(files: [String: String] = ["src/report.aura": LedgerTestRepository.broken]) throws {
        path = NSTemporaryDirectory() + "aura-ledger-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "AURA tests")
        for (name, text) in files { try write(name, text) }
        try git("add", "-A")
        try git("commit", "-qm", "initial")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var ledgerPath: String { path + "/.git/aura/ledger.sqlite" }
    var logPath: String { path + "/.git/aura/log.jsonl" }

    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let result = try Self.run("/usr/bin/git", arguments, in: path)
        guard result.status == 0 else {
            throw NSError(domain: "git", code: Int(result.status),
                          userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): \(result.stderr)"])
        }
        return result.stdout
    }

    /// Runs `git aura ARGS` with the built binary first on PATH.
    func aura(_ arguments: [String], env: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = env
        environment["PATH"] = Self.binDirectory + ":/usr/bin:/bin"
        return try Self.run("/usr/bin/git", ["aura"] + arguments, in: path, env: environment)
    }

    /// Starts `git aura ARGS` without waiting (for concurrency tests).
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["aura"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Self.binDirectory + ":/usr/bin:/bin"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The directory holding the built products (the test bundle sits next to git-aura).
    static var binDirectory: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("git-aura").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String,
                    env: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in env { environment[key] = value }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

/// A fresh directory for a ledger file, removed afterwards.
final class TemporaryDirectory {
    let path = NSTemporaryDirectory() + "aura-ledger-dir-" + UUID().uuidString

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
