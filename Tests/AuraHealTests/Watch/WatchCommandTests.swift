import AuraGit
import AuraLedger
@testable import AuraHeal
import AuraTestSupport
import Foundation
import XCTest

/// The real `git aura watch` process on real repositories: it heals a saved break, records
/// its sessions with the trigger `watch`, refuses a second watcher, and stops on SIGTERM with
/// its lock released and no journal left. Waits poll with generous bounds and return as soon
/// as the condition holds.
final class WatchCommandTests: XCTestCase {
    /// A running watcher whose output goes to files.
    final class Watcher {
        let process = Process()
        let output: String
        let errors: String

        init(in repo: TemporaryRepository, directory: String? = nil, files: String? = nil) throws {
            output = (files ?? repo.path + "/.git/watch-test") + ".out"
            errors = (files ?? repo.path + "/.git/watch-test") + ".err"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            _ = FileManager.default.createFile(atPath: errors, contents: nil)
            process.executableURL = URL(fileURLWithPath: GitTestRepository.executable("git-aura"))
            process.arguments = ["watch"]
            process.currentDirectoryURL = URL(fileURLWithPath: directory ?? repo.path)
            var environment = ProcessInfo.processInfo.environment
            environment["DBUS_SESSION_BUS_ADDRESS"] = nil
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
            try process.run()
        }

        var text: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        var errorText: String { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }

        deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    /// Polls `condition` every 50 ms for at most `bound` seconds.
    @discardableResult
    func eventually(_ bound: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(bound)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    func repository(_ files: [String: String]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository(files: files)
        repo.environment["PATH"] = GitTestRepository.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        try repo.git("config", "aura.policy", "supervised")
        try repo.git("config", "aura.watch.notify", "terminal")
        return repo
    }

    func testHealsASavedSafeBreakAndRecordsTheTriggerWatch() throws {
        let repo = try repository(["src/app.aura": "main = print!(1)\n"])
        let watcher = try Watcher(in: repo)
        XCTAssertTrue(eventually { watcher.text.contains("watching ") }, watcher.text + watcher.errorText)
        try repo.write("src/app.aura", "main = print(7)\n")
        XCTAssertTrue(try eventually { try repo.read("src/app.aura") == "main = print!(7)\n" }, watcher.text + watcher.errorText)
        XCTAssertTrue(eventually { watcher.text.contains("healed E0402 src/app.aura:1") }, watcher.text)
        let log = try repo.git("log", "--format=%s%n%b", "refs/aura/heal")
        XCTAssertTrue(log.contains("aura heal: E0402 src/app.aura:1"), log)
        XCTAssertTrue(log.contains("Aura-Session: "), log)
        XCTAssertNoThrow(try repo.git("fsck", "--strict", "--no-progress"))
        let ledger = try Ledger.open(repository: try Repository.open(at: repo.path))
        let session = try XCTUnwrap(try ledger.sessions().first { $0.healID != nil }, "a healing session")
        XCTAssertEqual(session.trigger, "watch")
        XCTAssertEqual(session.command, "watch")
        XCTAssertTrue(log.contains("Aura-Session: \(session.id)"), log)
        XCTAssertTrue(try ledger.attempts().contains { $0.code == "E0402" && $0.outcome == "applied" && $0.sessionID == session.id })
        let status = try repo.git("aura", "watch", "--status")
        XCTAssertTrue(status.contains("pid \(watcher.process.processIdentifier)"), status)
        let doctor = try repo.git("aura", "doctor", combined: true)
        XCTAssertTrue(doctor.contains("watcher running on \(repo.path)") && doctor.contains("pid \(watcher.process.processIdentifier)"), doctor)
    }

    func testStopsOnSIGTERMReleasingTheLockAndASecondWatcherIsRefused() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        let watcher = try Watcher(in: repo)
        XCTAssertTrue(eventually { watcher.text.contains("watching ") }, watcher.text + watcher.errorText)
        let pid = watcher.process.processIdentifier
        let second = try GitTestRepository.run(GitTestRepository.executable("git-aura"), ["watch"], in: repo.path)
        XCTAssertEqual(second.status, 75, "busy")
        XCTAssertTrue(second.stderr.contains("already watching") && second.stderr.contains("pid \(pid)"), second.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.path + "/.git/aura/watch.lock"))

        let signalled = Date()
        kill(pid, SIGTERM)
        XCTAssertTrue(eventually(30) { !watcher.process.isRunning })
        watcher.process.waitUntilExit()
        let seconds = Date().timeIntervalSince(signalled)
        XCTAssertLessThan(seconds, 2, "stopped \(seconds) s after SIGTERM")
        XCTAssertEqual(watcher.process.terminationReason, .exit)
        XCTAssertEqual(watcher.process.terminationStatus, 0, watcher.errorText)
        XCTAssertTrue(watcher.text.hasSuffix("stopped\n"), watcher.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/aura/watch.lock"), "lock released")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/aura/journal"), "no operation left half done")
        let status = try GitTestRepository.run(GitTestRepository.executable("git-aura"), ["watch", "--status"], in: repo.path)
        XCTAssertEqual(status.status, 1)
        XCTAssertTrue(status.stdout.contains("no watcher runs on \(repo.path)"), status.stdout)
    }

    func testABusyRepositoryIsWaitedOutNotFatal() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        let watcher = try Watcher(in: repo)
        XCTAssertTrue(eventually { watcher.text.contains("watching ") }, watcher.text + watcher.errorText)
        let indexLock = repo.path + "/.git/index.lock"
        XCTAssertTrue(FileManager.default.createFile(atPath: indexLock, contents: Data()), "a git command is running")
        try repo.write("a.aura", "main = print(2)\n")
        XCTAssertTrue(eventually { watcher.text.contains("repository busy (") && watcher.text.contains("index.lock exists); retrying in") },
                      watcher.text + watcher.errorText)
        XCTAssertEqual(try repo.read("a.aura"), "main = print(2)\n", "nothing read while git holds the index")
        XCTAssertTrue(watcher.process.isRunning)
        try FileManager.default.removeItem(atPath: indexLock)
        XCTAssertTrue(try eventually { try repo.read("a.aura") == "main = print!(2)\n" }, watcher.text + watcher.errorText)
        try repo.assertHealthy()
    }

    func testEachWorktreeHasItsOwnWatcher() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("worktree", "add", "-q", "../" + URL(fileURLWithPath: repo.path).lastPathComponent + "-linked")
        let linkedPath = repo.path + "-linked"
        defer { try? FileManager.default.removeItem(atPath: linkedPath) }
        let main = try Watcher(in: repo)
        XCTAssertTrue(eventually { main.text.contains("watching ") }, main.text + main.errorText)
        let second = try Watcher(in: repo, directory: linkedPath, files: repo.path + "/.git/linked-watch")
        XCTAssertTrue(eventually { second.text.contains("watching \(linkedPath) ") }, second.text + second.errorText)
        try "main = print(5)\n".write(toFile: linkedPath + "/a.aura", atomically: false, encoding: .utf8)
        XCTAssertTrue(eventually { (try? String(contentsOfFile: linkedPath + "/a.aura", encoding: .utf8)) == "main = print!(5)\n" },
                      second.text + second.errorText)
        XCTAssertEqual(try repo.read("a.aura"), "main = print!(1)\n", "the main worktree is not touched")
        XCTAssertTrue(try repo.git("log", "--format=%s", "refs/aura/wt/\(URL(fileURLWithPath: linkedPath).lastPathComponent)/heal").contains("E0402"))
        let refused = try GitTestRepository.run(GitTestRepository.executable("git-aura"), ["watch"], in: linkedPath)
        XCTAssertEqual(refused.status, 75)
        XCTAssertTrue(refused.stderr.contains("pid \(second.process.processIdentifier)"), refused.stderr)
    }

    func testAnInvalidWatchKeyStopsTheWatcherWithAPreciseError() throws {
        let repo = try repository(["a.aura": "main = print!(1)\n"])
        try repo.git("config", "aura.schedule.hours", "22-26")
        let result = try GitTestRepository.run(GitTestRepository.executable("git-aura"), ["watch"], in: repo.path)
        XCTAssertEqual(result.status, 78, "configuration")
        XCTAssertTrue(result.stderr.contains("invalid value `22-26` for aura.schedule.hours"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/aura/watch.lock"))
        let policy = try repo.git("aura", "policy", combined: true)
        for key in ["aura.schedule.hours", "aura.schedule.days", "aura.schedule.models", "aura.watch.notify", "aura.watch.debounce"] {
            XCTAssertTrue(policy.contains(key), "git aura policy lists \(key): \(policy)")
        }
    }
}
