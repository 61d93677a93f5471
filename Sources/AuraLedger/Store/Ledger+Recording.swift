import Foundation
import GRDB

extension Ledger {
    /// A new session id: `ses-` and 12 random hex digits.
    public static func makeSessionID() -> String {
        "ses-" + (0..<12).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
    }

    /// Seconds since the epoch, now.
    public static var now: Double { Date().timeIntervalSince1970 }

    /// Records the start of a session.
    public func beginSession(_ session: SessionRecord) throws {
        try write { db in try session.insert(db) }
    }

    /// Records how a session ended (its outcome, heal and counts).
    public func endSession(_ id: String, outcome: String, endedAt: Double = Ledger.now, snapshotID: String? = nil,
                           healID: String? = nil, problems: Int? = nil, healable: Int? = nil) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE sessions SET ended_at = ?, outcome = ?, snapshot_id = COALESCE(?, snapshot_id),
                    heal_id = COALESCE(?, heal_id), problems = COALESCE(?, problems), healable = COALESCE(?, healable)
                WHERE id = ?
                """, arguments: [endedAt, outcome, snapshotID, healID, problems, healable, id])
        }
    }

    /// Records attempts (all of a session's at once, in one transaction).
    @discardableResult
    public func recordAttempts(_ attempts: [AttemptRecord]) throws -> [AttemptRecord] {
        try write { db in
            try attempts.map { attempt in
                var copy = attempt
                try copy.insert(db)
                return copy
            }
        }
    }

    /// Records one attempt.
    @discardableResult
    public func recordAttempt(_ attempt: AttemptRecord) throws -> AttemptRecord {
        try recordAttempts([attempt])[0]
    }

    /// Appends to the operation log.
    @discardableResult
    public func recordOperation(_ operation: OperationRecord) throws -> OperationRecord {
        try write { db in
            var copy = operation
            try copy.insert(db)
            return copy
        }
    }

    /// The session with this id.
    public func session(_ id: String) throws -> SessionRecord? {
        try read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    /// Sessions started at or after `since`, oldest first.
    public func sessions(since: Double = 0) throws -> [SessionRecord] {
        try read { db in try SessionRecord.filter(Column("started_at") >= since).order(Column("started_at")).fetchAll(db) }
    }

    /// Attempts made at or after `since`, oldest first.
    public func attempts(since: Double = 0) throws -> [AttemptRecord] {
        try read { db in try AttemptRecord.filter(Column("at") >= since).order(Column("at"), Column("id")).fetchAll(db) }
    }

    /// The operation log, newest first.
    public func operations(limit: Int? = nil, since: Double = 0) throws -> [OperationRecord] {
        try read { db in
            var request = OperationRecord.filter(Column("at") >= since).order(Column("at").desc, Column("id").desc)
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// Deletes attempts, operations and sessions (for `doctor --rebuild-ledger`), keeping the
    /// breaker, cache and rate-limit tables.
    public func clearHistory() throws {
        try write { db in
            try db.execute(sql: "DELETE FROM attempts; DELETE FROM operations; DELETE FROM sessions")
        }
    }
}
