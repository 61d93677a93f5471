#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import CSQLite3
import Foundation
import GRDB

/// AURA's memory of what it did: sessions, heal attempts, the operation log, the circuit
/// breaker, the verification cache and provider rate limits (ARCHITECTURE.md §7).
///
/// One SQLite file per repository, `<common git dir>/aura/ledger.sqlite`, shared by linked
/// worktrees. WAL mode and a busy timeout make concurrent hook invocations safe: every write
/// is one IMMEDIATE transaction, so two processes writing at once queue instead of failing.
///
/// The ledger is a cache of facts, not the source of truth (git history is): a damaged file is
/// moved aside and replaced rather than allowed to block a command.
public final class Ledger: Sendable {
    /// The SQLite file.
    public let path: String
    /// Set when `open` found the file damaged and replaced it.
    public let recovery: LedgerRecovery?
    let database: DatabaseQueue

    /// How long a writer waits for another process's transaction before giving up.
    static let busyTimeout: TimeInterval = 15

    /// Above this size the write-ahead log is folded into the database file when a ledger
    /// opens (see `compactWriteAheadLog`). Each command adds ~10 KB to the log; reading 1 MB
    /// of it costs ~0.75 ms per open here, a fold ~30 ms once per ~100 commands.
    public static let writeAheadLogLimit = 1 << 20

    private init(path: String, recovery: LedgerRecovery?) throws {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "aura-ledger"
        configuration.prepareDatabase { db in
            // WAL with NORMAL never corrupts the file; a power cut may lose the last transaction,
            // which git (the source of truth) still has. Saves an fsync per write on every hook run.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A checkpoint when the last connection closes costs two fsyncs, and deleting the
            // WAL makes the next writer create it again (two more: the new file and its
            // directory) — ~30 ms of every hook and snapshot. SQLite still checkpoints on its own
            // once the WAL reaches 1,000 pages; readers and `sqlite3` see the WAL's pages.
            if let connection = db.sqliteConnection {
                _ = aura_sqlite3_db_config_int(connection, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nil)
            }
        }
        self.path = path
        self.recovery = recovery
        // Opening switches the file to WAL and may migrate it; SQLite can answer a concurrent
        // journal-mode switch with SQLITE_BUSY without waiting, so processes opening at the same
        // moment (hooks, concurrent commands) take turns here. Held for the open only.
        let lockPath = path + ".migrate-lock"
        let descriptor = openLockFile(lockPath)
        guard descriptor >= 0 else { throw LedgerError.corrupt(path: path, detail: "cannot create \(lockPath)") }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        var attempt = 0
        while true {
            do {
                database = try DatabaseQueue(path: path, configuration: configuration)
                break
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 20 {
                attempt += 1
                usleep(UInt32(attempt) * 10_000)
            }
        }
        try migrate()
        compactWriteAheadLog()
    }

    /// Folds a log above `writeAheadLogLimit` into the database file and empties it.
    ///
    /// The log is kept on close (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`, above), and a command is
    /// usually the only connection: opening rebuilds the log's index by reading all of it, and
    /// the rebuilt index counts nothing as checkpointed, so SQLite's own checkpoints never let
    /// the log start over — it grew by every command's writes, and every open read it all.
    /// Best effort: with another process reading or writing the fold waits for no one (a zero
    /// busy timeout) and is left to a later open.
    private func compactWriteAheadLog() {
        var info = stat()
        guard stat(path + "-wal", &info) == 0, Int(info.st_size) > Self.writeAheadLogLimit else { return }
        try? database.writeWithoutTransaction { db in
            guard let connection = db.sqliteConnection else { return }
            sqlite3_busy_timeout(connection, 0)
            defer { sqlite3_busy_timeout(connection, Int32(Self.busyTimeout * 1000)) }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// The ledger of `repository` (its common directory, so every worktree shares one).
    public static func open(repository: Repository, recover: Bool = true) throws -> Ledger {
        try open(at: path(for: repository), recover: recover)
    }

    /// Where the ledger of `repository` lives.
    public static func path(for repository: Repository) -> String {
        let common = repository.commonDirectory.hasSuffix("/") ? repository.commonDirectory : repository.commonDirectory + "/"
        return common + "aura/ledger.sqlite"
    }

    /// Opens (creating if needed) the ledger at `path`.
    ///
    /// With `recover`, a file that is not a readable database is moved aside (never deleted)
    /// and a new ledger is created; `recovery` says what happened. A file from a newer AURA
    /// throws `LedgerError.newerSchema` and is left untouched.
    public static func open(at path: String, recover: Bool = true) throws -> Ledger {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        do {
            return try Ledger(path: path, recovery: nil)
        } catch let error where recover && isDamage(error) {
            let movedTo = try moveAside(path)
            return try Ledger(path: path, recovery: LedgerRecovery(problem: describe(error), movedTo: movedTo))
        } catch let error where isDamage(error) {
            throw LedgerError.corrupt(path: path, detail: describe(error))
        }
    }

    /// SQLite's `PRAGMA integrity_check`: "ok", or the problems it found.
    public func integrityCheck() throws -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The SQLite library version in use (`sqlite_version()`).
    public func sqliteVersion() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "unknown" }
    }

    /// The schema migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try database.read { db in try LedgerSchema.migrator.appliedIdentifiers(db).sorted() }
    }

    /// Runs `body` in one IMMEDIATE transaction (waits for other writers up to the busy timeout).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    // MARK: - Schema

    private func migrate() throws {
        let migrator = LedgerSchema.migrator
        let known = Set(migrator.migrations)
        let (applied, complete): ([String], Bool) = try database.read { db in
            // Reading the schema is also the first real read of the file: garbage fails here.
            guard try db.tableExists("grdb_migrations") else { return ([], false) }
            return (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"), try migrator.hasCompletedMigrations(db))
        }
        let unknown = applied.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty { throw LedgerError.newerSchema(path: path, unknownMigrations: unknown) }
        if complete { return }
        // The caller holds the open lock, so two processes never run the migrations at once.
        try migrator.migrate(database)
    }

    // MARK: - Damage

    /// Errors that mean "this file is not a usable ledger" (as opposed to permissions or a newer schema).
    static func isDamage(_ error: Error) -> Bool {
        if let error = error as? DatabaseError {
            return [.SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT].contains(error.resultCode)
                || error.extendedResultCode == .SQLITE_IOERR_SHORT_READ
        }
        return false
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// The SQLite library version, without opening a ledger.
    public static func sqliteLibraryVersion() -> String {
        (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? nil ?? "unknown"
    }

    /// Renames the file and its WAL/shared-memory companions to `<path>.<label>-<time>` (nothing
    /// is deleted) and returns the new name.
    public static func moveAside(_ path: String, label: String = "corrupt") throws -> String {
        var stamp = time(nil)
        var parts = tm()
        gmtime_r(&stamp, &parts)
        let name = String(format: "%04d%02d%02dT%02d%02d%02dZ-%d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                          parts.tm_hour, parts.tm_min, parts.tm_sec, getpid())
        let target = path + ".\(label)-" + name
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard rename(path + suffix, target + suffix) == 0 else {
                throw LedgerError.corrupt(path: path, detail: "cannot move it aside: \(String(cString: strerror(errno)))")
            }
        }
        return target
    }
}

/// `open(2)` for the migration lock (outside `Ledger`, whose `open` methods shadow it).
private func openLockFile(_ path: String) -> Int32 {
    open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
}
