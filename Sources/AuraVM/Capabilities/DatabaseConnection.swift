#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite3

/// An open SQLite database: the value `db.connect!("sqlite:…")` returns (PostgreSQL's is
/// `PostgresConnection`; both are `DatabaseSession`s). Closed by `db.close!` or, at the
/// latest, when the last reference goes away.
///
/// A connection belongs to the one VM run that opened it and is used by that run's thread
/// only, so SQLite is opened without its per-connection mutex (NOMUTEX: SQLite's multi-thread
/// mode). With FULLMUTEX, locking and unlocking around every API call was a fifth of a
/// 100k-insert loop's time.
public final class DatabaseConnection: NativeObject, @unchecked Sendable {
    /// The URL the program passed to `db.connect!`.
    public let url: String
    /// What SQLite really opened: ":memory:", the URL's path, or a sandbox copy.
    public let openedPath: String
    private var handle: OpaquePointer?
    private let temporaryFile: String?
    /// Set under the sandbox: refuses SQL that reaches files outside the scratch directory.
    private let authorizer: SQLiteAuthorizer?
    /// Statements prepared by earlier calls. Not used under the sandbox, so that every
    /// statement a sandboxed run executes went through the authorizer in that very call.
    private var statements = SQLiteStatementCache()

    /// Opens `url` under `sandbox`'s policy (see `DatabaseOpenPlan.plan`).
    public init(url: String, sandbox: Sandbox) throws {
        let plan = try DatabaseOpenPlan.plan(for: DatabaseLocation.parse(url), sandbox: sandbox)
        self.url = url
        self.openedPath = plan.openPath
        self.temporaryFile = plan.temporaryFile
        self.authorizer = sandbox.isEnabled ? SQLiteAuthorizer(scratchDirectory: sandbox.scratchDirectory) : nil
        super.init()
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(plan.openPath, &database, flags, nil)
        handle = database
        guard code == SQLITE_OK else {
            let error = SQLiteStatement.error("db.connect!", database: database)
            close()
            throw RuntimeError(.databaseError, error.message + " (\(DatabaseURL.redacted(url)))")
        }
        // Wait for another process's lock instead of failing at once with "database is locked".
        sqlite3_busy_timeout(database, 5_000)
        if let authorizer, let database { authorizer.install(on: database) }
        if let source = plan.snapshotSource {
            do { try copy(from: source) } catch {
                close()
                throw error
            }
        }
    }

    deinit { close() }

    public override var displayName: String { DatabaseURL.shown(url, isClosed: handle == nil) }

    public var isClosed: Bool { handle == nil }

    /// Closes the database (idempotent) and deletes a sandbox copy.
    public func close() {
        statements.removeAll()
        if let handle {
            // _v2: never fails because of unfinalised statements; it closes once they are gone.
            sqlite3_close_v2(handle)
            self.handle = nil
        }
        if let temporaryFile {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporaryFile + suffix) }
        }
    }

    /// Rows of a one-statement query, each a map keyed by column name.
    public func query(_ sql: String, _ parameters: [Value], builtin: String = "db.query!", watchdog: SQLiteWatchdog? = nil) throws -> [Value] {
        try withStatement(sql, builtin) { statement, _ in
            try statement.bind(parameters)
            return try statement.rows(watchdog: watchdog)
        }
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted (0 for
    /// DDL). `sqlite3_changes` alone would repeat the previous DML count after a DDL statement,
    /// so the total-changes counter decides whether this statement changed anything.
    public func execute(_ sql: String, _ parameters: [Value], builtin: String = "db.execute!", watchdog: SQLiteWatchdog? = nil) throws -> Int64 {
        try withStatement(sql, builtin) { statement, database in
            try statement.bind(parameters)
            let before = sqlite3_total_changes64(database)
            try statement.run(watchdog: watchdog)
            return sqlite3_total_changes64(database) == before ? 0 : sqlite3_changes64(database)
        }
    }

    /// How many prepared statements wait for reuse (for tests).
    var cachedStatementCount: Int { statements.count }

    /// Runs `body` with `sql` prepared (or taken from the cache), and puts the statement back
    /// reset afterwards, also when `body` failed.
    private func withStatement<Result>(_ sql: String, _ builtin: String,
                                       _ body: (SQLiteStatement, OpaquePointer) throws -> Result) throws -> Result {
        let database = try openHandle(builtin)
        let key = builtin + "\u{0}" + sql
        let cached = authorizer == nil ? statements.take(key) : nil
        let statement = try cached ?? SQLiteStatement(sql, database: database, builtin: builtin, authorizer: authorizer)
        defer {
            if authorizer == nil {
                statement.reset()
                statements.put(key, statement)
            }
        }
        return try body(statement, database)
    }

    private func openHandle(_ builtin: String) throws -> OpaquePointer {
        guard let handle else {
            throw RuntimeError(.databaseError, "\(builtin) used a closed connection (\(DatabaseURL.redacted(url)))",
                               help: ["connect again with db.connect!, or close the connection later"])
        }
        return handle
    }

    /// Fills this (empty) database with a consistent snapshot of the file at `path`, which is
    /// opened read-only so that nothing can modify it.
    private func copy(from path: String) throws {
        var source: OpaquePointer?
        defer { sqlite3_close_v2(source) }
        guard sqlite3_open_v2(path, &source, SQLITE_OPEN_READONLY, nil) == SQLITE_OK,
              let backup = sqlite3_backup_init(handle, "main", source, "main") else {
            let reason = SQLiteStatement.error("db.connect!", database: source ?? handle).message
            throw RuntimeError(.databaseError, "cannot copy \(path) into the sandbox: \(reason)")
        }
        let stepCode = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard stepCode == SQLITE_DONE else {
            let message = String(cString: sqlite3_errstr(stepCode))
            throw RuntimeError(.databaseError, "cannot copy \(path) into the sandbox: \(message)")
        }
    }
}
