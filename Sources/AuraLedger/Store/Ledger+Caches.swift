import GRDB

extension Ledger {
    /// The stored verification result (JSON) for a tree verified by a toolchain version, if any.
    /// The key includes the toolchain so a new release never trusts an old verdict.
    public func cachedVerification(tree: String, toolchain: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT result FROM verify_cache WHERE tree = ? AND toolchain = ?", arguments: [tree, toolchain])
        }
    }

    /// Stores (or replaces) a verification result.
    public func storeVerification(tree: String, toolchain: String, resultJSON: String, now: Double = Ledger.now) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO verify_cache (tree, toolchain, result, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [tree, toolchain, resultJSON, now])
        }
    }

    /// Drops cached verifications older than `before` (seconds since the epoch).
    public func pruneVerifications(before: Double) throws {
        try write { db in try db.execute(sql: "DELETE FROM verify_cache WHERE created_at < ?", arguments: [before]) }
    }

    /// A sliding-window rate limit shared by every process: grants a request to `provider` when
    /// fewer than `perMinute` were granted in the last 60 s (and records it); otherwise returns
    /// how many seconds to wait before asking again.
    ///
    /// - Returns: 0 when granted, else the wait in seconds.
    public func acquireRequest(provider: String, perMinute: Int, now: Double = Ledger.now) throws -> Double {
        try write { db in
            try db.execute(sql: "DELETE FROM provider_requests WHERE at <= ?", arguments: [now - 60])
            let recent = try Double.fetchAll(db, sql: "SELECT at FROM provider_requests WHERE provider = ? ORDER BY at",
                                             arguments: [provider])
            if recent.count < perMinute {
                try db.execute(sql: "INSERT INTO provider_requests (provider, at) VALUES (?, ?)", arguments: [provider, now])
                return 0
            }
            // The oldest of the last `perMinute` grants leaves the window first.
            return max(recent[recent.count - perMinute] + 60 - now, 0.001)
        }
    }
}
