import Foundation

/// A real git repository in a temporary directory, driven with the real `git` CLI, and the
/// built executables (`git-aura`, probes) found next to the running test binary. Shared by the
/// heal, provider and ledger tests; each target subclasses it for its own conveniences.
open class GitTestRepository {
    public let path: String
    /// Extra environment for every `git` process (PATH with the built `git-aura`, ...).
    public var environment: [String: String] = [:]

    public init(files: [String: String], prefix: String = "aura-test") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "AURA tests")
        for (name, text) in files { try write(name, text) }
        try git("add", "-A")
        try git("commit", "-qm", "initial")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    public func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }
    public func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)) }

    /// `git ARGS` in the repository; a non-zero exit throws with git's stderr in the message.
    /// `combined` returns stdout and stderr together and never throws on the exit status.
    @discardableResult
    public func git(_ arguments: String..., input: String? = nil, combined: Bool = false) throws -> String {
        let result = try Self.run("/usr/bin/git", arguments, in: path, environment: environment, input: input)
        if combined { return result.stdout + result.stderr }
        guard result.status == 0 else {
            throw NSError(domain: "git", code: Int(result.status),
                          userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): \(result.stderr)"])
        }
        return result.stdout
    }

    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Starts `git aura ARGS` (the built binary first on PATH) without waiting.
    public func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["aura"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["PATH"] = Self.binDirectory + ":/usr/bin:/bin"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The directory of the built products (the test binary sits next to `git-aura`).
    public static var binDirectory: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("git-aura").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    public static func executable(_ name: String) -> String { binDirectory + "/" + name }

    /// Runs a program, reading stdout and stderr concurrently (a full pipe must not block it).
    public static func run(_ executable: String, _ arguments: [String], in directory: String,
                           environment: [String: String] = [:], input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Loopback mocks must never go through a developer's proxy.
        env["no_proxy"] = "127.0.0.1,localhost"
        env["NO_PROXY"] = "127.0.0.1,localhost"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        try process.run()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let errors = PipeData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errors.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: String(decoding: errors.data, as: UTF8.self))
    }
}

/// Data handed from a reader thread back to the caller (ordered by the DispatchGroup).
final class PipeData: @unchecked Sendable {
    var data = Data()
}
