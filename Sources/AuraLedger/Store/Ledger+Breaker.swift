import GRDB

/// The circuit breaker as the ledger sees it: open when enough heals failed recently.
public struct BreakerState: Equatable, Sendable {
    public var isOpen: Bool
    /// Rejected or undone heals counted in the window (since the last reset).
    public var failures: Int
    public var maxFailures: Int
    /// Seconds.
    public var window: Double
    /// When the open trip started and when healing resumes by itself.
    public var openedAt: Double?
    public var until: Double?
    /// Why it opened, in words (empty when closed).
    public var reason: String
}

extension Ledger {
    /// Evaluates the breaker at `now`: still open from an earlier trip, newly tripped (recorded,
    /// so every process sees it), or closed. A trip lasts one `window`; a reset ends it early
    /// and forgets the failures before it.
    ///
    /// Failures are attempts rejected by verification and heals taken back by `undo`.
    ///
    /// An earlier trip is judged against the limit in force now: once `maxFailures` is raised
    /// above the failures that tripped it, it no longer holds, and the reason always quotes the
    /// current limit.
    public func breakerState(maxFailures: Int, window: Double, now: Double = Ledger.now) throws -> BreakerState {
        try write { db in
            let lastReset = try Double.fetchOne(db, sql: "SELECT MAX(at) FROM breaker_events WHERE kind = 'reset'") ?? 0
            if let trip = try Row.fetchOne(db, sql: """
                SELECT at, until, failures, reason FROM breaker_events
                WHERE kind = 'trip' AND at > ? AND until > ? ORDER BY at DESC LIMIT 1
                """, arguments: [lastReset, now]), (trip["failures"] as Int) >= maxFailures {
                return BreakerState(isOpen: true, failures: trip["failures"], maxFailures: maxFailures, window: window,
                                    openedAt: trip["at"], until: trip["until"], reason: Self.reason(trip["reason"], maxFailures: maxFailures))
            }
            let since = max(now - window, lastReset)
            let rejected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempts WHERE outcome = 'rejected' AND at > ? AND at <= ?",
                                            arguments: [since, now]) ?? 0
            let undone = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM operations WHERE kind = 'undo' AND entry_id LIKE 'h-%' AND at > ? AND at <= ?
                """, arguments: [since, now]) ?? 0
            let failures = rejected + undone
            guard failures >= maxFailures else {
                return BreakerState(isOpen: false, failures: failures, maxFailures: maxFailures, window: window, reason: "")
            }
            // Recorded without the limit, which is added when the state is read (it may change).
            let reason = "\(failures) heal\(failures == 1 ? "" : "s") failed in the last \(DurationText.format(window)) "
                + "(\(rejected) rejected by verification, \(undone) undone)"
            try db.execute(sql: "INSERT INTO breaker_events (kind, at, until, failures, reason) VALUES ('trip', ?, ?, ?, ?)",
                           arguments: [now, now + window, failures, reason])
            return BreakerState(isOpen: true, failures: failures, maxFailures: maxFailures, window: window,
                                openedAt: now, until: now + window, reason: Self.reason(reason, maxFailures: maxFailures))
        }
    }

    /// A recorded trip reason with the current limit. Trips recorded before the limit was kept
    /// out of the row end in "; limit aura.circuitBreaker.maxFailures = N)": that old limit goes.
    static func reason(_ recorded: String, maxFailures: Int) -> String {
        var text = recorded
        if let old = text.range(of: "; limit aura.circuitBreaker.maxFailures = ") { text = String(text[..<old.lowerBound]) + ")" }
        return text + "; limit aura.circuitBreaker.maxFailures = \(maxFailures)"
    }

    /// Closes the breaker (`git aura heal --reset-breaker`): failures before now stop counting.
    public func resetBreaker(now: Double = Ledger.now) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO breaker_events (kind, at, reason) VALUES ('reset', ?, 'git aura heal --reset-breaker')",
                           arguments: [now])
        }
    }

    /// How many times the breaker opened since `since`.
    public func breakerTrips(since: Double = 0) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM breaker_events WHERE kind = 'trip' AND at >= ?", arguments: [since]) ?? 0 }
    }
}
