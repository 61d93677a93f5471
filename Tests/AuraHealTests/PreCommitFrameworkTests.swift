import Foundation
import XCTest

/// The pre-commit framework (installed from PyPI into a temporary venv) runs AURA through this
/// repository's .pre-commit-hooks.yaml: a broken file blocks the commit, a fixed one passes.
final class PreCommitFrameworkTests: XCTestCase {
    func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testThePreCommitFrameworkRunsAura() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let auraRepository = root.path
        let work = NSTemporaryDirectory() + "aura-pre-commit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let environment = [
            "PATH": HookTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "PRE_COMMIT_HOME": work + "/cache",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        ]
        let (venvStatus, venvOutput) = try run("/usr/bin/env", ["python3", "-m", "venv", work + "/venv"], in: work, environment: environment)
        guard venvStatus == 0 else { return XCTFail("python3 -m venv failed (make deps installs python3-venv): \(venvOutput)") }
        let (pipStatus, pipOutput) = try run(work + "/venv/bin/pip", ["install", "-q", "pre-commit"], in: work, environment: environment)
        guard pipStatus == 0 else { return XCTFail("pre-commit could not be installed from PyPI: \(pipOutput.suffix(300))") }
        // The hook definition comes from this checkout's committed .pre-commit-hooks.yaml.
        let (_, rev) = try run("/usr/bin/git", ["rev-parse", "HEAD"], in: auraRepository, environment: environment)
        let (_, shipped) = try run("/usr/bin/git", ["cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], in: auraRepository, environment: environment)
        XCTAssertTrue(shipped.isEmpty, ".pre-commit-hooks.yaml must be committed")
        let repo = try TemporaryRepository(files: [
            "app.aura": "main = print!(1)\n",
            ".pre-commit-config.yaml": "repos:\n- repo: \(auraRepository)\n  rev: \(rev.trimmingCharacters(in: .whitespacesAndNewlines))\n  hooks:\n  - id: aura\n",
        ])
        repo.environment = environment
        let (installStatus, installOutput) = try run(work + "/venv/bin/pre-commit", ["install"], in: repo.path, environment: environment)
        XCTAssertEqual(installStatus, 0, installOutput)
        try repo.write("app.aura", "main = print(2)\n")
        try repo.git("add", "app.aura")
        let (blocked, blockedOutput) = try run("/usr/bin/git", ["commit", "-qm", "broken"], in: repo.path, environment: environment)
        XCTAssertNotEqual(blocked, 0, "a broken file must block the commit")
        XCTAssertTrue(blockedOutput.contains("E0402"), blockedOutput)
        try repo.write("app.aura", "main = print!(2)\n")
        try repo.git("add", "app.aura")
        let (passed, passedOutput) = try run("/usr/bin/git", ["commit", "-qm", "fixed"], in: repo.path, environment: environment)
        XCTAssertEqual(passed, 0, passedOutput)
    }
}
