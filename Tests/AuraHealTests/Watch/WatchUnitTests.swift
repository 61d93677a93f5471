@testable import AuraHeal
import AuraGit
import AuraTestSupport
import Foundation
import XCTest

/// The watcher's parts on their own: debouncing, the settle check, the lock, the settings.
final class WatchUnitTests: XCTestCase {
    func testDebouncerWaitsForQuiet() {
        var debouncer = Debouncer(delay: 0.3)
        debouncer.note("a.aura", at: 10)
        debouncer.note("b.aura", at: 10.2)
        XCTAssertEqual(debouncer.quiet(at: 10.25), [])
        XCTAssertEqual(debouncer.quiet(at: 10.3), ["a.aura"])
        XCTAssertEqual(debouncer.nextDue(at: 10.3)!, 0, accuracy: 1e-9)
        debouncer.remove(["a.aura"])
        XCTAssertEqual(debouncer.nextDue(at: 10.3)!, 0.2, accuracy: 1e-9)
        debouncer.note("b.aura", at: 10.4)
        XCTAssertEqual(debouncer.quiet(at: 10.6), [], "a new event restarts the wait")
        XCTAssertEqual(debouncer.quiet(at: 10.75), ["b.aura"])
    }

    func testSettleCheckWantsTheSameStampAndAnOldEnoughModification() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        let path = repo.path + "/a.aura"
        var check = SettleCheck(window: 0.3)
        let modified = try XCTUnwrap(SettleCheck.stamp(path)).modified
        XCTAssertFalse(check.isSettled(path, at: modified + 5), "the first look only records the stamp")
        XCTAssertTrue(check.isSettled(path, at: modified + 5))
        XCTAssertFalse(check.isSettled(path, at: modified + 0.1), "modified within the window")
        try repo.write("a.aura", "main = print!(12)\n")
        let rewritten = try XCTUnwrap(SettleCheck.stamp(path)).modified
        XCTAssertFalse(check.isSettled(path, at: rewritten + 5), "size and mtime changed since the last look")
        XCTAssertTrue(check.isSettled(path, at: rewritten + 5))
        XCTAssertTrue(check.isSettled(repo.path + "/gone.aura", at: rewritten + 5), "a deleted file has nothing to read")
    }

    func testLockRefusesASecondHolderAndTakesOverAStaleOne() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        let repository = try Repository.open(at: repo.path)
        let lock = try WatchLock(repository: repository, now: 1000)
        XCTAssertEqual(WatchLock.current(repository), lock.info)
        XCTAssertThrowsError(try WatchLock(repository: repository)) { error in
            let held = error as? WatchLockHeld
            XCTAssertEqual(held?.holder.pid, getpid())
            XCTAssertTrue("\(error)".contains("pid \(getpid())"), "\(error)")
        }
        lock.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: WatchLock.path(for: repository)))
        XCTAssertNil(WatchLock.current(repository))

        // A lock whose process is gone: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        try "pid \(child.processIdentifier)\nsince 5\nworktree \(repo.path)\n".write(toFile: WatchLock.path(for: repository), atomically: true, encoding: .utf8)
        XCTAssertNil(WatchLock.current(repository), "a dead holder is no watcher")
        let taken = try WatchLock(repository: repository)
        XCTAssertEqual(WatchLock.current(repository)?.pid, getpid())
        taken.release()
    }

    func testWatchKeysAreReadAndInvalidValuesNameTheKeyAndValue() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        try repo.git("config", "aura.schedule.hours", "22-4")
        try repo.git("config", "aura.schedule.days", "sat,sun")
        try repo.git("config", "aura.schedule.models", "always")
        try repo.git("config", "aura.watch.notify", "terminal")
        try repo.git("config", "aura.watch.debounce", "150")
        let settings = try WatchSettings.load(try GitConfig(repository: try Repository.open(at: repo.path), environment: [:]))
        XCTAssertEqual(settings.schedule.hours, [ScheduleWindow.Hours(22, 4)])
        XCTAssertEqual(settings.schedule.days, [6, 0])
        XCTAssertTrue(settings.modelsAlways)
        XCTAssertEqual(settings.notify, .terminal)
        XCTAssertEqual(settings.debounce, 0.15, accuracy: 1e-9)

        for (key, value) in [("aura.schedule.hours", "25-3"), ("aura.schedule.days", "caturday"), ("aura.schedule.models", "never"),
                             ("aura.watch.notify", "email"), ("aura.watch.debounce", "5")] {
            try repo.git("config", key, value)
            let config = try GitConfig(repository: try Repository.open(at: repo.path), environment: [:])
            XCTAssertThrowsError(try WatchSettings.load(config), key) { error in
                XCTAssertTrue("\(error)".contains("`\(value)`") && "\(error)".contains(key), "\(error)")
            }
            XCTAssertThrowsError(try HealSettings.load(config), "every heal judges the key alike: \(key)")
            try repo.git("config", "--unset", key)
        }
    }

    func testDesktopNotificationsRunNotifySendWithFixedArgumentsElseATerminalLine() throws {
        let directory = NSTemporaryDirectory() + "aura-notify-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Stands in for notify-send: records each argument on its own line.
        let script = directory + "/notify-send"
        try "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"\(directory)/argv\"; done\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let lines = Messages()
        let desktop = Notifier(mode: .desktop, environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1/bus", "PATH": "relative:" + directory],
                               terminal: lines.add)
        XCTAssertEqual(desktop.channel, .desktop(notifySend: script))
        desktop.notify(title: "AURA healed 1 problem", body: "E0402 a.aura:1; $(touch pwned)", line: "healed E0402 a.aura:1")
        let argv = try String(contentsOfFile: directory + "/argv", encoding: .utf8)
        XCTAssertEqual(argv, "--app-name=git-aura\n--\nAURA healed 1 problem\nE0402 a.aura:1; $(touch pwned)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/pwned"), "no shell ever sees the text")
        XCTAssertEqual(lines.lines, ["healed E0402 a.aura:1"])

        let noBus = Notifier(mode: .desktop, environment: ["PATH": directory], terminal: lines.add)
        XCTAssertEqual(noBus.channel, .terminal)
        XCTAssertEqual(Notifier(mode: .desktop, environment: ["DBUS_SESSION_BUS_ADDRESS": "x", "PATH": "relative"], terminal: lines.add).channel,
                       .terminal, "a relative PATH entry is never searched")
        let none = Notifier(mode: .none, environment: [:], terminal: lines.add)
        none.notify(title: "t", body: "b", line: "not shown")
        XCTAssertEqual(lines.lines, ["healed E0402 a.aura:1"])
    }

    func testThePolicyReferenceDocumentsTheWatchKeys() throws {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { root.deleteLastPathComponent() }
        let docs = try String(contentsOfFile: root.path + "/docs/healing.md", encoding: .utf8)
        XCTAssertTrue(docs.contains("## Watch mode"))
        for key in ["aura.schedule.hours", "aura.schedule.days", "aura.schedule.models", "aura.watch.notify", "aura.watch.debounce"] {
            XCTAssertNotNil(PolicyKeys.key(key), key)
            XCTAssertTrue(docs.contains("| `\(key)` |"), "docs/healing.md documents \(key)")
        }
    }
}
