import CSQLite3

/// One prepared statement: parameter binding, stepping, and row decoding. Values are always
/// bound through `sqlite3_bind_*`, never spliced into the SQL text.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: OpaquePointer
    private let builtin: String
    private let sql: String
    /// The sandbox's authorizer on this connection, if any: its reason replaces SQLite's
    /// bare "not authorized" in the error.
    private let authorizer: SQLiteAuthorizer?

    /// Prepares `sql`, which must hold exactly one statement. Refusing a second statement
    /// closes the door on stacked-query injection (`x'; DROP TABLE users; --`) even when a
    /// program builds SQL by concatenation.
    init(_ sql: String, database: OpaquePointer, builtin: String, authorizer: SQLiteAuthorizer? = nil) throws {
        self.database = database
        self.builtin = builtin
        self.sql = sql
        self.authorizer = authorizer
        authorizer?.denial = nil
        if authorizer != nil, SQLiteAuthorizer.isVacuumInto(sql) {
            throw SQLiteStatement.denied(builtin, sql, "VACUUM INTO writes a new database file")
        }
        var prepared: OpaquePointer?
        var rest = ""
        let code = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(database, text, -1, &prepared, &tail)
            if code == SQLITE_OK, let tail { rest = String(cString: tail) }
            return code
        }
        guard code == SQLITE_OK else {
            if let reason = authorizer?.denial { throw SQLiteStatement.denied(builtin, sql, reason) }
            throw SQLiteStatement.error(builtin, database: database)
        }
        guard let prepared else {
            throw RuntimeError(.databaseError, "\(builtin) was given no SQL statement")
        }
        if SQLiteStatement.containsStatement(rest, database: database) {
            sqlite3_finalize(prepared)
            throw RuntimeError(.databaseError, "\(builtin) runs one SQL statement at a time; found more SQL after the first ';'",
                               help: ["call \(builtin) once per statement, passing values as parameters"])
        }
        authorizer?.denial = nil
        handle = prepared
    }

    deinit { sqlite3_finalize(handle) }

    /// Makes the statement ready to run again with new parameters.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Whether `sql` holds anything but whitespace, comments and semicolons.
    private static func containsStatement(_ sql: String, database: OpaquePointer) -> Bool {
        guard sql.contains(where: { !$0.isWhitespace && $0 != ";" }) else { return false }
        var extra: OpaquePointer?
        let code = sql.withCString { sqlite3_prepare_v2(database, $0, -1, &extra, nil) }
        sqlite3_finalize(extra)
        // A syntax error after the first statement is still "more SQL".
        return code != SQLITE_OK || extra != nil
    }

    /// Binds every parameter by position; the count must match the statement's placeholders.
    func bind(_ parameters: [Value]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == parameters.count else {
            throw RuntimeError(.databaseError, "the SQL has \(expected) parameter\(expected == 1 ? "" : "s") but \(parameters.count) value\(parameters.count == 1 ? " was" : "s were") given")
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case let .int(number): code = sqlite3_bind_int64(handle, index, number)
            case let .float(number): code = sqlite3_bind_double(handle, index, number)
            case let .bool(flag): code = sqlite3_bind_int64(handle, index, flag ? 1 : 0)
            case .none: code = sqlite3_bind_null(handle, index)
            case let .string(text): code = bindText(text, at: index)
            case let .record(record) where record.layout.isVariant && record.layout.fieldNames.isEmpty:
                // `@Status = Active | Suspended`: stored as its name, the form `match` on a
                // `to_s` of the column reads back.
                code = bindText(record.layout.name, at: index)
            default:
                throw RuntimeError(.databaseError, "parameter \(offset + 1) is a \(value.kindName); only i, f, s, b, none and variants without fields can be bound",
                                   help: ["convert it first, e.g. with json.stringify or to_s"])
            }
            guard code == SQLITE_OK else { throw SQLiteStatement.error(builtin, database: database) }
        }
    }

    private func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // An empty buffer may have no address, and a NULL pointer would bind SQL NULL.
            guard let base = bytes.baseAddress else {
                return sqlite3_bind_text(handle, index, "", 0, aura_sqlite3_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(handle, index, $0, sqlite3_uint64(bytes.count), aura_sqlite3_transient(), UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Runs the statement to completion, handing each row to `row` (if given). With a
    /// watchdog, SQLite's progress handler stops a statement that runs past the time budget
    /// (`WITH RECURSIVE` without an end never returns from a single step).
    func run(watchdog: SQLiteWatchdog? = nil, _ row: ((OpaquePointer) throws -> Void)? = nil) throws {
        if let watchdog { watchdog.install(on: database) }
        defer { if watchdog != nil { SQLiteWatchdog.remove(from: database) } }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try row?(handle)
            case SQLITE_DONE: return
            case SQLITE_INTERRUPT where watchdog?.expired == true:
                throw RuntimeError(.timeLimit, "\(builtin) ran past the time limit: `\(SQLiteAuthorizer.shown(sql))`",
                                   help: ["a recursive query may never end; add a LIMIT or an end condition"])
            default:
                if let reason = authorizer?.denial { throw SQLiteStatement.denied(builtin, sql, reason) }
                throw SQLiteStatement.error(builtin, database: database)
            }
        }
    }

    /// All rows as maps keyed by column name, in column order (a later duplicate name wins).
    func rows(watchdog: SQLiteWatchdog? = nil) throws -> [Value] {
        // Columns are read at the first row, not before the first step: a reused statement
        // that SQLite re-prepares because the schema changed (`SELECT *` after `ALTER TABLE`)
        // has its new columns only once it has stepped.
        var count: Int32 = 0
        var names: [Value] = []
        var rows: [Value] = []
        try run(watchdog: watchdog) { statement in
            if rows.isEmpty {
                count = sqlite3_column_count(statement)
                names = (0..<count).map { Value.string(sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "?") }
            }
            // Rows are charged to the memory budget as they arrive: a query can return more
            // rows than fit in memory.
            var bytes = MemoryBudget.listBytes(3 * Int(count) + 1)
            for column in 0..<count { bytes &+= Int(sqlite3_column_bytes(statement, column)) }
            try watchdog?.memory?.charge(bytes)
            var row = MapValue()
            for column in 0..<count {
                row[names[Int(column)]] = SQLiteStatement.value(statement, column)
            }
            rows.append(.map(row))
        }
        return rows
    }

    /// SQLite's storage classes to AURA values; BLOBs become text (invalid UTF-8 → U+FFFD).
    private static func value(_ statement: OpaquePointer, _ column: Int32) -> Value {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .int(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            return .float(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let text = sqlite3_column_text(statement, column)
            let length = Int(sqlite3_column_bytes(statement, column))
            return .string(String(decoding: UnsafeBufferPointer(start: text, count: text == nil ? 0 : length), as: UTF8.self))
        case SQLITE_BLOB:
            let blob = sqlite3_column_blob(statement, column)
            let length = Int(sqlite3_column_bytes(statement, column))
            return .string(String(decoding: UnsafeRawBufferPointer(start: blob, count: blob == nil ? 0 : length), as: UTF8.self))
        default:
            return .none
        }
    }

    /// R0018: the sandbox refused `sql`, with the reason and the statement itself.
    static func denied(_ builtin: String, _ sql: String, _ reason: String) -> RuntimeError {
        let statement = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return RuntimeError(.sandboxSQLDenied, "\(builtin): the sandbox denied `\(SQLiteAuthorizer.shown(statement))`: \(reason)",
                            help: ["sandboxed SQL may use the connection's own database, :memory: and files in the scratch directory"])
    }

    /// The connection's latest SQLite error as a runtime error.
    static func error(_ builtin: String, database: OpaquePointer?) -> RuntimeError {
        let message = database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown SQLite error"
        return RuntimeError(.databaseError, "\(builtin) failed: \(message)")
    }
}
