import Foundation
import XCTest

/// A real git repository in a temporary directory, driven with the real `git` CLI, plus the
/// built executables next to the test bundle.
final class TestRepository {
    let path: String

    init(files: [String: String]) throws {
        path = NSTemporaryDirectory() + "aura-providers-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "AURA tests")
        for (name, text) in files { try write(name, text) }
        try git("add", "-A")
        try git("commit", "-qm", "initial")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let result = try TestRepository.run("/usr/bin/git", arguments, in: path)
        guard result.status == 0 else {
            throw NSError(domain: "git", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: "git \(arguments): \(result.stderr)"])
        }
        return result.stdout
    }

    struct Output { let status: Int32; let stdout: String; let stderr: String }

    /// Runs `git-aura` in the repository with extra environment variables.
    func aura(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try TestRepository.run(TestRepository.executable("git-aura"), arguments, in: path, environment: environment)
    }

    static func executable(_ name: String) -> String {
        let candidates = [Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name).path,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                              .deletingLastPathComponent().appendingPathComponent(".build/debug/" + name).path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["no_proxy"] = "127.0.0.1,localhost"
        env["NO_PROXY"] = "127.0.0.1,localhost"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently: a full stderr pipe must not block the child.
        let errors = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errors.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errorData = errors.data
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: String(decoding: errorData, as: UTF8.self))
    }
}

/// Data handed from a reader thread back to the caller (ordered by the DispatchGroup).
final class Box: @unchecked Sendable {
    var data = Data()
}
