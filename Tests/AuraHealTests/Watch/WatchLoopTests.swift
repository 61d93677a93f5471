@testable import AuraHeal
import AuraGit
import AuraLedger
import AuraTestSupport
import Foundation
import XCTest

/// The loop's decisions driven step by step with its own clock: a file is read only once it
/// settled, a deferral wakes the loop when the window opens, a busy repository is retried.
final class WatchLoopTests: XCTestCase {
    func loop(_ repo: TemporaryRepository, schedule: ScheduleWindow = ScheduleWindow(), messages: Messages = Messages()) throws -> WatchLoop {
        let store = try repo.store()
        let settings = HealSettings(policy: HealPolicy(mode: .supervised, autoApplyMaxRisk: .low))
        let pass = WatchPass(store: store, settings: settings, watch: WatchSettings(schedule: schedule, notify: .terminal),
                             ledger: try Ledger.open(repository: store.repository))
        return WatchLoop(pass: pass, notifier: Notifier(mode: .terminal, environment: [:], terminal: messages.add), say: messages.add)
    }

    func stamp(_ repo: TemporaryRepository, _ name: String) throws -> Double {
        try XCTUnwrap(SettleCheck.stamp(repo.path + "/" + name)).modified
    }

    func testAFileStillBeingWrittenIsNotHealedUntilItSettles() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        let messages = Messages()
        let loop = try loop(repo, messages: messages)
        let start = try stamp(repo, "a.aura") + 10
        let started = await loop.step(now: start)
        XCTAssertTrue(started, "a pass at start")

        try repo.write("a.aura", "main = print(1")
        let firstWrite = try stamp(repo, "a.aura")
        loop.note(["a.aura"], at: firstWrite)
        let tooEarly = await loop.step(now: firstWrite + 0.1)
        XCTAssertFalse(tooEarly, "inside the debounce window")
        // The writer goes on without an event reaching the loop: the stamp no longer matches.
        try repo.write("a.aura", "main = print(1)\n")
        let quietButChanged = await loop.step(now: firstWrite + 1)
        XCTAssertFalse(quietButChanged, "size and mtime changed since the event: not read yet")
        XCTAssertEqual(try repo.read("a.aura"), "main = print(1)\n")
        let secondWrite = try stamp(repo, "a.aura")
        let stillInWindow = await loop.step(now: firstWrite + 1.1)
        XCTAssertFalse(stillInWindow, "the changed file waits a whole window again")
        let settled = await loop.step(now: max(secondWrite, firstWrite + 1) + 1)
        XCTAssertTrue(settled)
        XCTAssertEqual(try repo.read("a.aura"), "main = print!(1)\n")
        XCTAssertTrue(messages.lines.contains { $0.hasPrefix("healed E0402 a.aura:1") }, "\(messages.lines)")
        try repo.assertHealthy()
    }

    func testTheHealsOwnWriteIsNotAChange() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print(1)\n"])
        let loop = try loop(repo)
        let now = try stamp(repo, "a.aura") + 10
        let healed = await loop.step(now: now)
        XCTAssertTrue(healed)
        XCTAssertNotNil(loop.lastResult?.report?.healID)
        loop.note(["a.aura"], at: now + 1)
        XCTAssertTrue(loop.debouncer.isEmpty, "the event of the heal's own write")
        let again = await loop.step(now: now + 5)
        XCTAssertFalse(again)
    }

    func testADeferralWakesTheLoopWhenTheWindowOpens() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "twice(x: i): i = x * 2\n\nmain = print!(twcie(2))\n"])
        let messages = Messages()
        let noon = Double(20_000 * 86_400 + 12 * 3600)
        let loop = try loop(repo, schedule: ScheduleWindow(hours: [ScheduleWindow.Hours(22, 4)], utcOffset: 0), messages: messages)
        let outside = await loop.step(now: noon)
        XCTAssertTrue(outside)
        XCTAssertEqual(loop.deferredUntil, noon + 10 * 3600)
        XCTAssertEqual(loop.nextWake(now: noon), 10 * 3600)
        XCTAssertTrue(messages.lines.contains { $0.hasPrefix("deferred until 22:00: E0201 a.aura:3") }, "\(messages.lines)")
        let beforeOpening = await loop.step(now: noon + 3600)
        XCTAssertFalse(beforeOpening)
        let opened = await loop.step(now: noon + 10 * 3600)
        XCTAssertTrue(opened)
        XCTAssertNil(loop.deferredUntil)
        XCTAssertTrue(try repo.read("a.aura").contains("print!(twice(2))"))
    }

    func testABusyRepositoryIsRetriedWithBackoffNotFailed() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print(1)\n"])
        let messages = Messages()
        let loop = try loop(repo, messages: messages)
        let lockFile = repo.path + "/.git/index.lock"
        XCTAssertTrue(FileManager.default.createFile(atPath: lockFile, contents: Data()))
        let now = try stamp(repo, "a.aura") + 10
        let busy = await loop.step(now: now)
        XCTAssertFalse(busy)
        XCTAssertTrue(messages.lines.last?.contains("repository busy") ?? false, "\(messages.lines)")
        XCTAssertTrue(messages.lines.last?.contains("retrying in 500 ms") ?? false, "\(messages.lines)")
        let stillBusy = await loop.step(now: now + 0.6)
        XCTAssertFalse(stillBusy)
        XCTAssertTrue(messages.lines.last?.contains("retrying in 1 s") ?? false, "the delay doubles: \(messages.lines)")
        XCTAssertEqual(loop.nextWake(now: now + 0.6), 1)
        try FileManager.default.removeItem(atPath: lockFile)
        let healed = await loop.step(now: now + 1.6)
        XCTAssertTrue(healed)
        XCTAssertEqual(try repo.read("a.aura"), "main = print!(1)\n")
    }

    func testTheAuraRefLockHeldByAnotherProcessIsWaitedOut() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print(1)\n"])
        let messages = Messages()
        let loop = try loop(repo, messages: messages)
        let now = try stamp(repo, "a.aura") + 10
        // Held on its own open file description, as another process would hold it.
        var held: UpdateLock? = try UpdateLock(repository: try Repository.open(at: repo.path))
        let busy = await loop.step(now: now)
        XCTAssertFalse(busy)
        XCTAssertTrue(messages.lines.last?.contains("another AURA process holds") ?? false, "\(messages.lines)")
        XCTAssertEqual(try repo.read("a.aura"), "main = print(1)\n")
        held = nil
        XCTAssertNil(held)
        let healed = await loop.step(now: now + 1)
        XCTAssertTrue(healed)
        XCTAssertEqual(try repo.read("a.aura"), "main = print!(1)\n")
    }

    func testAStopThatArrivesDuringAPassLetsThePassFinishFirst() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print(1)\n"])
        // Written long before the start: the pass at start reads it at once.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: repo.path + "/a.aura")
        let loop = try loop(repo)
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        let watcher = try InotifyWatcher(repository: try Repository.open(at: repo.path), stopDescriptor: ends[0])
        // The signal is already there when the first pass (the one at start) begins.
        var byte: UInt8 = 1
        XCTAssertEqual(write(ends[1], &byte, 1), 1)
        await loop.run(watcher: watcher) { Date().timeIntervalSince1970 }
        XCTAssertNotNil(loop.lastResult?.report?.healID, "the pass in progress was finished")
        XCTAssertEqual(try repo.read("a.aura"), "main = print!(1)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/aura/journal"))
        try repo.assertHealthy()
    }

    func testAFileWrittenJustBeforeTheStartWaitsLikeAChange() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        try repo.write("a.aura", "main = print(1")
        let written = try stamp(repo, "a.aura")
        let loop = try loop(repo)
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        let watcher = try InotifyWatcher(repository: try Repository.open(at: repo.path), stopDescriptor: ends[0])
        XCTAssertEqual(watcher.initialFiles, ["a.aura"])
        var byte: UInt8 = 1
        XCTAssertEqual(write(ends[1], &byte, 1), 1)
        await loop.run(watcher: watcher) { written + 0.05 }
        XCTAssertNil(loop.lastResult, "no pass read the file written 50 ms before the start")
        XCTAssertEqual(loop.debouncer.pending, ["a.aura"])
        XCTAssertEqual(try repo.read("a.aura"), "main = print(1")

        let later = try InotifyWatcher(repository: try Repository.open(at: repo.path), stopDescriptor: ends[0])
        XCTAssertEqual(write(ends[1], &byte, 1), 1)
        await loop.run(watcher: later) { written + 5 }
        XCTAssertNotNil(loop.lastResult, "settled: the pass ran")
    }

    func testAnOpenBreakerPausesHealingButNotWatching() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print(1)\n"])
        let messages = Messages()
        let loop = try loop(repo, messages: messages)
        let ledger = try XCTUnwrap(loop.pass.ledger)
        for _ in 0..<3 {
            _ = try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0201", path: "a.aura", line: 1, decision: "apply",
                                                       outcome: "rejected", at: Ledger.now))
        }
        let now = try stamp(repo, "a.aura") + 10
        let ran = await loop.step(now: now)
        XCTAssertTrue(ran)
        XCTAssertNotNil(loop.lastResult?.openBreaker)
        XCTAssertEqual(try repo.read("a.aura"), "main = print(1)\n", "nothing healed while the breaker is open")
        XCTAssertTrue(messages.lines.contains { $0.hasPrefix("circuit breaker open") }, "\(messages.lines)")
        XCTAssertTrue(loop.needsPass, "the pass is still owed for when the breaker closes")
        XCTAssertGreaterThan(loop.nextWake(now: now) ?? 0, 60)
    }
}

/// Lines the loop said, in order.
final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    var add: @Sendable (String) -> Void { { line in self.lock.withLock { self.recorded.append(line) } } }
    var lines: [String] { lock.withLock { recorded } }
}
