#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import AuraLedger

/// The watcher's state machine: changed files are debounced and settle-checked, then one
/// `WatchPass` heals the tree. A pass also runs at start, when the schedule window opens with
/// fixes deferred, and after the circuit breaker closes. A busy repository (a git command
/// holding `index.lock`, another AURA process holding the ref lock) is retried with backoff;
/// nothing the repository does ends the watcher, only `stop`.
///
/// `step(now:)` is the whole decision for one moment, so tests drive it with their own clock;
/// `run` feeds it from inotify and the real clock.
public final class WatchLoop {
    public let pass: WatchPass
    let root: String
    let say: @Sendable (String) -> Void
    let notifier: Notifier
    public private(set) var debouncer: Debouncer
    var settle: SettleCheck
    /// A pass is due (start, a settled change, the window opened, a retry).
    public private(set) var needsPass = true
    /// When the window opens for the fixes deferred by the last pass.
    public private(set) var deferredUntil: Double?
    var retryAt: Double?
    var retryDelay = WatchLoop.firstRetry
    var breakerUntil: Double?
    /// Files as the last heal wrote them: their own inotify events are not a change.
    var ownWrites: [String: SettleCheck.Stamp] = [:]
    var announcedDeferrals: Set<String> = []
    /// The result of the last pass that ran.
    public private(set) var lastResult: WatchPassResult?

    static let firstRetry = 0.5
    static let maxRetry = 30.0

    public init(pass: WatchPass, notifier: Notifier, say: @escaping @Sendable (String) -> Void) {
        self.pass = pass
        self.notifier = notifier
        self.say = say
        root = pass.store.repository.workingDirectory
        debouncer = Debouncer(delay: pass.watch.debounce)
        settle = SettleCheck(window: pass.watch.debounce)
    }

    /// Changed `.aura` files seen at `now`. A file still exactly as the last heal wrote it is
    /// the heal's own write, not the user's.
    public func note(_ paths: Set<String>, at now: Double) {
        for path in paths {
            if let own = ownWrites[path], SettleCheck.stamp(root + path) == own { continue }
            ownWrites[path] = nil
            debouncer.note(path, at: now)
            _ = settle.isSettled(root + path, at: now)
        }
    }

    /// Anything may have changed (the kernel dropped events).
    public func noteOverflow() { needsPass = true }

    /// Decides and, when due, runs a pass at `now`. Returns whether a pass ran.
    @discardableResult
    public func step(now: Double) async -> Bool {
        for path in debouncer.quiet(at: now) {
            if settle.isSettled(root + path, at: now) {
                debouncer.remove([path])
                settle.forget(root + path)
                needsPass = true
            } else {
                // Still being written: look again one window later.
                debouncer.note(path, at: now)
            }
        }
        // A file still being written is never read: the pass snapshots the whole tree.
        guard debouncer.isEmpty else { return false }
        if let deferredUntil, now >= deferredUntil { needsPass = true }
        if let breakerUntil {
            guard Ledger.now >= breakerUntil else { return false }
            self.breakerUntil = nil
        }
        guard needsPass else { return false }
        if let retryAt, now < retryAt { return false }
        if let busy = busyReason() {
            backOff(now: now, "repository busy (\(busy))")
            return false
        }
        do {
            try? pass.store.recover()
            let result = try await pass.run(now: now)
            finished(result, now: now)
            return true
        } catch {
            backOff(now: now, "could not heal: \(error)")
            return false
        }
    }

    /// Seconds from `now` until `step` has something to decide; nil: only a change wakes it.
    public func nextWake(now: Double) -> Double? {
        var times: [Double] = []
        if let due = debouncer.nextDue(at: now) { times.append(now + due) }
        if debouncer.isEmpty {
            // While the breaker is open the owed pass waits for its end, not for a retry.
            if needsPass && breakerUntil == nil { times.append(retryAt ?? now) }
            if let deferredUntil { times.append(deferredUntil) }
        }
        if let breakerUntil { times.append(now + max(0, breakerUntil - Ledger.now)) }
        return times.min().map { max(0, $0 - now) }
    }

    /// What holds the repository, if something does: a git command's `index.lock`, or another
    /// AURA process's ref lock. Checked without waiting, so a pass never blocks on them (and a
    /// signal is answered at once); the pass's own locking still guards the rare race.
    func busyReason() -> String? {
        let repository = pass.store.repository
        if access(repository.gitDirectory + "index.lock", F_OK) == 0 { return "\(repository.gitDirectory)index.lock exists" }
        let refLock = repository.commonDirectory + "aura/update.flock"
        let descriptor = open(refLock, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 { return "another AURA process holds \(refLock)" }
        flock(descriptor, LOCK_UN)
        return nil
    }

    private func backOff(now: Double, _ why: String) {
        say("\(why); retrying in \(Self.seconds(retryDelay))")
        retryAt = now + retryDelay
        retryDelay = min(retryDelay * 2, Self.maxRetry)
    }

    private func finished(_ result: WatchPassResult, now: Double) {
        lastResult = result
        retryAt = nil
        retryDelay = Self.firstRetry
        if let breaker = result.openBreaker {
            // Healing resumes (with a pass) when the breaker's trip ends.
            breakerUntil = breaker.until ?? (Ledger.now + 60)
            say("circuit breaker open: \(breaker.reason); watching, healing paused until \(WatchLock.time(breakerUntil ?? 0))")
            return
        }
        needsPass = false
        deferredUntil = result.deferrals.map(\.until).min()
        let texts = Set(result.deferrals.map(\.text))
        for text in result.deferrals.map(\.text) where !announcedDeferrals.contains(text) { say(text) }
        announcedDeferrals = texts
        guard let report = result.report, let heal = report.healID else { return }
        for path in report.writtenPaths { ownWrites[path] = SettleCheck.stamp(root + path) }
        let fixed = report.items.filter { $0.outcome == .applied }.map { "\($0.code) \($0.path):\($0.line)" }
        notifier.notify(title: "AURA healed \(fixed.count) problem\(fixed.count == 1 ? "" : "s")",
                        body: fixed.joined(separator: ", ") + " (\(heal))",
                        line: "healed \(fixed.joined(separator: ", ")) (\(heal); undo with `git aura undo`)")
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int(value * 1000)) ms" : "\(Int(value)) s"
    }

    #if canImport(Glibc)
    /// Runs until `watcher` reports the stop descriptor: the pass in progress is always finished
    /// first (its heal is written completely or, per the operation journal, rolled back).
    public func run(watcher: InotifyWatcher, clock: @Sendable () -> Double) async {
        // A file written just before the watcher started may still be being written: it waits
        // like a change would, so the pass at start does not read it half-written.
        let start = clock()
        note(watcher.initialFiles.filter { (SettleCheck.stamp(root + $0)?.modified ?? 0) > start - pass.watch.debounce }, at: start)
        while true {
            await step(now: clock())
            let events = watcher.wait(timeout: nextWake(now: clock()))
            if events.stopped { break }
            if events.overflowed { noteOverflow() }
            note(events.paths, at: clock())
        }
        try? pass.store.recover()
    }
    #endif
}
