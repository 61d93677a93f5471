import GRDB

/// The ledger's tables, as versioned migrations (ARCHITECTURE.md §7).
///
/// Migrations are append-only: a released identifier is never edited or removed, so a file
/// written by this binary can always be read by a newer one. A file that has migrations this
/// binary does not know was written by a newer AURA and is refused (`LedgerError.newerSchema`),
/// never "repaired".
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sessions-attempts-operations") { db in
            try db.create(table: "sessions") { t in
                t.primaryKey("id", .text)
                t.column("trigger", .text).notNull()            // cli, pre-commit, post-merge
                t.column("command", .text).notNull()            // heal, status, heal --dry-run
                t.column("policy", .text).notNull()
                t.column("dry_run", .boolean).notNull().defaults(to: false)
                t.column("started_at", .double).notNull()
                t.column("ended_at", .double)
                t.column("outcome", .text)                      // healed, nothing, pending, breaker-open, failed
                t.column("snapshot_id", .text)
                t.column("heal_id", .text)
                t.column("problems", .integer)                  // problems found before healing
                t.column("healable", .integer)                  // problems with a fix not (yet) applied
            }
            try db.create(index: "sessions_started", on: "sessions", columns: ["started_at"])
            try db.create(table: "attempts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("session_id", .text).references("sessions", onDelete: .cascade)
                t.column("code", .text).notNull()
                t.column("message", .text).notNull().defaults(to: "")
                t.column("path", .text).notNull()
                t.column("line", .integer).notNull()
                t.column("provider", .text)
                t.column("rule", .text)
                t.column("risk", .text)
                t.column("confidence", .double)
                t.column("decision", .text).notNull()           // apply, ask, skip, none
                t.column("outcome", .text).notNull()            // applied, rejected, skipped, declined, noFix, wouldApply
                t.column("reason", .text)
                t.column("duration_ms", .integer)
                t.column("tokens_in", .integer)
                t.column("tokens_out", .integer)
                t.column("heal_id", .text)
                t.column("heal_commit", .text)
                t.column("at", .double).notNull()
            }
            try db.create(index: "attempts_at", on: "attempts", columns: ["at"])
            try db.create(table: "operations") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("session_id", .text)
                t.column("kind", .text).notNull()               // snapshot, heal, undo, redo, restore, prune, publish
                t.column("entry_id", .text)
                t.column("ref", .text).notNull()
                t.column("ref_before", .text)
                t.column("ref_after", .text)
                t.column("detail", .text).notNull().defaults(to: "")
                t.column("at", .double).notNull()
            }
            try db.create(index: "operations_at", on: "operations", columns: ["at"])
            try db.create(table: "breaker_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()               // trip, reset
                t.column("at", .double).notNull()
                t.column("until", .double)
                t.column("failures", .integer)
                t.column("reason", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v2-verify-cache-rate-limits") { db in
            try db.create(table: "verify_cache") { t in
                t.column("tree", .text).notNull()
                t.column("toolchain", .text).notNull()
                t.column("result", .text).notNull()             // JSON
                t.column("created_at", .double).notNull()
                t.primaryKey(["tree", "toolchain"])
            }
            try db.create(table: "provider_requests") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("provider", .text).notNull()
                t.column("at", .double).notNull()
            }
            try db.create(index: "provider_requests_at", on: "provider_requests", columns: ["provider", "at"])
        }
        migrator.registerMigration("v3-attempt-rounds-requests-model") { db in
            try db.alter(table: "attempts") { t in
                t.add(column: "round", .integer).notNull().defaults(to: 1)   // 2, 3, ...: follow-ups after a rejection
                t.add(column: "requests", .integer)                         // model requests, retries included
                t.add(column: "model", .text)                               // claude-sonnet-4-5, ...
            }
        }
        return migrator
    }
}
