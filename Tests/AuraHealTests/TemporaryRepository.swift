import AuraGit
import AuraHeal
import Foundation
import XCTest

/// A real git repository in a temporary directory, driven with the real `git` CLI.
final class TemporaryRepository {
    let path: String
    /// Extra environment for the git processes (PATH with the built `git-aura`).
    var environment: [String: String] = [:]

    init(files: [String: String]) throws {
        path = NSTemporaryDirectory() + "aura-heal-" + UUID().uuidString
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
    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)) }

    @discardableResult
    func git(_ arguments: String..., input: String? = nil, combined: Bool = false) throws -> String {
        let process = Process()
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            try process.run()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if combined { return String(decoding: data + errorData, as: UTF8.self) }
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): " + String(decoding: errorData, as: UTF8.self)])
        }
        return String(decoding: data, as: UTF8.self)
    }

    func store() throws -> SnapshotStore { SnapshotStore(repository: try Repository.open(at: path)) }

    /// `git fsck --strict` must be clean and the heal history readable.
    func assertHealthy(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertNoThrow(try git("fsck", "--strict", "--no-progress"), file: file, line: line)
        if (try? git("rev-parse", "--verify", "-q", "refs/aura/heal")) != nil {
            XCTAssertNoThrow(try git("log", "--oneline", "refs/aura/heal"), file: file, line: line)
        }
    }
}
