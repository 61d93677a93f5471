#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPostgres

/// An open PostgreSQL connection (through libpq, loaded on first use): the value
/// `db.connect!("postgres://…")` returns. The same `db.query!` / `db.execute!` / `db.close!`
/// as SQLite: one statement per call, values always bound as parameters, `?` or `$n`.
///
/// Under verification the connection goes to the sandbox's scratch database and runs inside a
/// transaction that `close` (or the end of the run) rolls back; see `PostgresOpenPlan`.
public final class PostgresConnection: NativeObject, DatabaseSession, @unchecked Sendable {
    /// The URL the program passed to `db.connect!` (shown only through `DatabaseURL.redacted`).
    public let url: String
    var dialect: SQLDialect { .standard }
    private let plan: PostgresOpenPlan
    private var handle: OpaquePointer?
    /// Under verification: whether the program's own `BEGIN` opened the savepoint.
    private var savepointOpen = false

    /// Connection attempts when the server refuses (it may still be starting), and the most
    /// time spent waiting between them.
    static let attempts = 5
    static let retryBudget = 3.0
    /// libpq's `connect_timeout` when the URL sets none, in seconds.
    static let defaultConnectTimeout = "10"
    static let savepoint = "aura_verify_tx"

    /// Opens `url` under `sandbox`'s policy; `deadline` (monotonic seconds) bounds every
    /// statement through the server's `statement_timeout`.
    public init(url: String, sandbox: Sandbox, deadline: Double = .infinity) throws {
        self.url = url
        self.plan = try PostgresOpenPlan.plan(for: url, sandbox: sandbox)
        super.init()
        guard aura_pq_load() != 0 else {
            throw RuntimeError(.databaseError, "db.connect!: PostgreSQL needs libpq, which could not be loaded: \(String(cString: aura_pq_load_error()))",
                               help: ["install libpq5 (apt-get install libpq5)"])
        }
        handle = try Self.connect(plan.url, shownAs: url, deadline: deadline)
        do {
            try configureSession(deadline: deadline)
            if plan.rollsBack { try command("BEGIN", "db.connect!") }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    public override var displayName: String { DatabaseURL.shown(url, isClosed: handle == nil) }

    public var isClosed: Bool { handle == nil }

    /// Rolls back what verification did, then closes (idempotent).
    public func close() {
        guard let handle else { return }
        if plan.rollsBack { aura_pq_clear(aura_pq_exec_params(handle, "ROLLBACK", 0, nil, nil, nil, nil, 0)) }
        aura_pq_finish(handle)
        self.handle = nil
    }

    /// Rows of a one-statement query, each a map keyed by column name (`PostgresValues`).
    public func query(_ sql: String, _ parameters: [Value], builtin: String = "db.query!", context: BuiltinContext) throws -> [Value] {
        let text = try checked(sql, parameters, builtin)
        if let control = transactionControl(text) {
            try apply(control, builtin)
            return []
        }
        let result = try run(text, parameters, builtin, deadline: context.deadline)
        defer { aura_pq_clear(result) }
        let rows = aura_pq_ntuples(result), columns = aura_pq_nfields(result)
        let names = (0..<columns).map { Value.string(aura_pq_fname(result, $0).map { String(cString: $0) } ?? "?") }
        let types = (0..<columns).map { aura_pq_ftype(result, $0) }
        var values: [Value] = []
        values.reserveCapacity(Int(rows))
        for row in 0..<rows {
            // Charged as rows are converted, as on SQLite: a query can return more than fits.
            var bytes = MemoryBudget.listBytes(3 * Int(columns) + 1)
            for column in 0..<columns { bytes &+= Int(aura_pq_getlength(result, row, column)) }
            try context.memory?.charge(bytes)
            var map = MapValue()
            for column in 0..<columns {
                if aura_pq_getisnull(result, row, column) != 0 {
                    map[names[Int(column)]] = Value.none
                } else {
                    let length = Int(aura_pq_getlength(result, row, column))
                    let text = aura_pq_getvalue(result, row, column).map {
                        $0.withMemoryRebound(to: UInt8.self, capacity: length) { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
                    } ?? ""
                    map[names[Int(column)]] = PostgresValues.value(text, type: types[Int(column)])
                }
            }
            values.append(.map(map))
        }
        return values
    }

    /// Rows inserted, updated or deleted (0 for DDL and for a `SELECT`, as on SQLite).
    public func execute(_ sql: String, _ parameters: [Value], builtin: String = "db.execute!", context: BuiltinContext) throws -> Int64 {
        let text = try checked(sql, parameters, builtin)
        if let control = transactionControl(text) {
            try apply(control, builtin)
            return 0
        }
        let result = try run(text, parameters, builtin, deadline: context.deadline)
        defer { aura_pq_clear(result) }
        if String(cString: aura_pq_cmd_status(result)).hasPrefix("SELECT") { return 0 }
        return Int64(String(cString: aura_pq_cmd_tuples(result))) ?? 0
    }

    // MARK: - Statements

    /// The statement scanned, with the same refusals as on SQLite: one statement per call, as
    /// many values as placeholders.
    private func checked(_ sql: String, _ parameters: [Value], _ builtin: String) throws -> PostgresSQLText {
        _ = try openHandle(builtin)
        let text = PostgresSQLText(sql)
        if text.hasMoreStatements {
            throw RuntimeError(.databaseError, "\(builtin) runs one SQL statement at a time; found more SQL after the first ';'",
                               help: ["call \(builtin) once per statement, passing values as parameters"])
        }
        let expected = text.parameterCount
        guard expected == parameters.count else {
            throw RuntimeError(.databaseError, "the SQL has \(expected) parameter\(expected == 1 ? "" : "s") but \(parameters.count) value\(parameters.count == 1 ? " was" : "s were") given")
        }
        return text
    }

    private func transactionControl(_ text: PostgresSQLText) -> PostgresTransactionControl? {
        plan.rollsBack ? PostgresTransactionControl.classify(text.leadingWords) : nil
    }

    private func apply(_ control: PostgresTransactionControl, _ builtin: String) throws {
        switch control {
        case .begin:
            if !savepointOpen { try command("SAVEPOINT \(Self.savepoint)", builtin); savepointOpen = true }
        case let .commit(chain):
            if savepointOpen { try command("RELEASE SAVEPOINT \(Self.savepoint)", builtin); savepointOpen = false }
            if chain { try apply(.begin, builtin) }
        case let .rollback(chain):
            if savepointOpen {
                try command("ROLLBACK TO SAVEPOINT \(Self.savepoint)", builtin)
                try command("RELEASE SAVEPOINT \(Self.savepoint)", builtin)
                savepointOpen = false
            }
            if chain { try apply(.begin, builtin) }
        case .twoPhase:
            throw RuntimeError(.sandboxDatabaseDenied, "\(builtin): two-phase commit is refused during verification: a prepared transaction would outlive the run",
                               help: ["verification rolls back everything a program does; keep PREPARE TRANSACTION out of code that runs in tests"])
        }
    }

    /// ISO dates whatever the server's default, and the run's deadline as the server's
    /// `statement_timeout` (SQLite's watchdog cannot reach into the server). One statement,
    /// not startup options, so connection poolers that refuse `options` still work.
    private func configureSession(deadline: Double) throws {
        var settings = "set_config('DateStyle', 'ISO, YMD', false)"
        if deadline.isFinite {
            let milliseconds = max(1, Int(((deadline - VirtualMachine.now()) * 1000).rounded(.up)))
            settings += ", set_config('statement_timeout', '\(milliseconds)', false)"
        }
        try command("SELECT " + settings, "db.connect!")
    }

    /// A statement without parameters or rows (transaction control).
    private func command(_ sql: String, _ builtin: String) throws {
        let result = try run(PostgresSQLText(sql), [], builtin, deadline: .infinity)
        aura_pq_clear(result)
    }

    /// Sends one statement with its parameters bound (text format) and returns the result,
    /// which the caller clears; a failed statement is a runtime error with the SQLSTATE.
    private func run(_ text: PostgresSQLText, _ parameters: [Value], _ builtin: String, deadline: Double) throws -> OpaquePointer {
        let connection = try openHandle(builtin)
        let bound = try parameters.enumerated().map { try PostgresValues.parameter($1, position: $0 + 1) }
        let types = bound.map(\.type)
        let copies: [UnsafeMutablePointer<CChar>?] = bound.map { $0.text.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result: OpaquePointer? = text.sql.withCString { sql in
            types.withUnsafeBufferPointer { typePointer in
                values.withUnsafeBufferPointer { valuePointer in
                    // NULL arrays when there are no parameters: an empty buffer may have no address.
                    aura_pq_exec_params(connection, sql, Int32(bound.count), bound.isEmpty ? nil : typePointer.baseAddress,
                                        bound.isEmpty ? nil : valuePointer.baseAddress, nil, nil, 0)
                }
            }
        }
        guard let result else {
            throw RuntimeError(.databaseError, "\(builtin) failed: \(Self.connectionMessage(connection))")
        }
        switch Int(aura_pq_result_status(result)) {
        case AURA_PGRES_COMMAND_OK, AURA_PGRES_TUPLES_OK:
            return result
        case AURA_PGRES_EMPTY_QUERY:
            aura_pq_clear(result)
            throw RuntimeError(.databaseError, "\(builtin) was given no SQL statement")
        default:
            defer { aura_pq_clear(result) }
            throw Self.statementError(result, connection: connection, builtin: builtin, sql: text.sql, timed: deadline.isFinite)
        }
    }

    private func openHandle(_ builtin: String) throws -> OpaquePointer {
        guard let handle else {
            throw RuntimeError(.databaseError, "\(builtin) used a closed connection (\(DatabaseURL.redacted(url)))",
                               help: ["connect again with db.connect!, or close the connection later"])
        }
        return handle
    }

    /// The server's error: its message and SQLSTATE; a cancelled statement past the run's
    /// deadline (SQLSTATE 57014, from `statement_timeout`) is the time limit, R0010.
    static func statementError(_ result: OpaquePointer, connection: OpaquePointer, builtin: String, sql: String, timed: Bool) -> RuntimeError {
        let state = aura_pq_result_error_field(result, Int32(AURA_PG_DIAG_SQLSTATE)).map { String(cString: $0) }
        var message = aura_pq_result_error_field(result, Int32(AURA_PG_DIAG_MESSAGE_PRIMARY)).map { String(cString: $0) }
            ?? connectionMessage(connection)
        if let detail = aura_pq_result_error_field(result, Int32(AURA_PG_DIAG_MESSAGE_DETAIL)).map({ String(cString: $0) }) {
            message += " (\(detail))"
        }
        if state == "57014", timed {
            return RuntimeError(.timeLimit, "\(builtin) ran past the time limit: `\(SQLiteAuthorizer.shown(sql))`",
                                help: ["a recursive query may never end; add a LIMIT or an end condition"])
        }
        let code = state.map { " (SQLSTATE \($0))" } ?? ""
        return RuntimeError(.databaseError, DatabaseURL.redacted("\(builtin) failed: \(message)\(code)"))
    }

    static func connectionMessage(_ connection: OpaquePointer?) -> String {
        let text = String(cString: aura_pq_error_message(connection))
        let trimmed = text.split(separator: "\n").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }.joined(separator: "; ")
        return DatabaseURL.redacted(trimmed.isEmpty ? "unknown PostgreSQL error" : trimmed)
    }

    // MARK: - Connecting

    /// Connects, retrying a few times with backoff while the server refuses connections (it
    /// may be starting), within `retryBudget` seconds and the run's deadline.
    static func connect(_ target: String, shownAs shown: String, deadline: Double) throws -> OpaquePointer {
        var delay = 0.1, waited = 0.0
        for attempt in 1...attempts {
            let connection = open(target)
            if Int(aura_pq_status(connection)) == AURA_PG_CONNECTION_OK, let connection {
                aura_pq_quiet_notices(connection)
                return connection
            }
            let message = connectionMessage(connection)
            aura_pq_finish(connection)
            let lowered = message.lowercased()
            let refused = lowered.contains("connection refused") || lowered.contains("no such file or directory")
                || lowered.contains("the database system is starting up")
            if !refused || attempt == attempts || waited + delay > retryBudget || VirtualMachine.now() + delay > deadline {
                let tries = attempt > 1 ? " (\(attempt) attempts)" : ""
                throw RuntimeError(.databaseError, "db.connect! cannot connect to \(DatabaseURL.redacted(shown)): \(message)\(tries)",
                                   help: ["check that the server runs and that the URL's host, port, user, password and database are right"])
            }
            usleep(useconds_t(delay * 1_000_000))
            waited += delay
            delay *= 2
        }
        preconditionFailure("the loop returns or throws")
    }

    /// One `PQconnectdbParams`: defaults first (the URL's own parameters override them), the
    /// URL expanded, then what AURA needs whatever the URL says (UTF-8 text).
    private static func open(_ target: String) -> OpaquePointer? {
        let keywords = ["connect_timeout", "fallback_application_name", "dbname", "client_encoding"]
        let values = [defaultConnectTimeout, "aura", target, "UTF8"]
        let keywordPointers = keywords.map { strdup($0) }
        let valuePointers = values.map { strdup($0) }
        defer { (keywordPointers + valuePointers).forEach { free($0) } }
        let keywordArray: [UnsafePointer<CChar>?] = keywordPointers.map { $0.map { UnsafePointer($0) } } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = valuePointers.map { $0.map { UnsafePointer($0) } } + [nil]
        return keywordArray.withUnsafeBufferPointer { keys in
            valueArray.withUnsafeBufferPointer { vals in aura_pq_connectdb_params(keys.baseAddress, vals.baseAddress, 1) }
        }
    }

    /// Why libpq could not be loaded ("" when it could).
    public static var libraryLoadError: String { aura_pq_load() != 0 ? "" : String(cString: aura_pq_load_error()) }

    /// libpq's version as "15.10", or nil when it cannot be loaded.
    public static var libraryVersion: String? {
        let version = Int(aura_pq_lib_version())
        guard version > 0 else { return nil }
        return version >= 100_000 ? "\(version / 10000).\(version % 10000)" : "\(version / 10000).\(version / 100 % 100).\(version % 100)"
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        var slice = self
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
