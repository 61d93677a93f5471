/// The engine behind a `db.connect!` value: SQLite (`DatabaseConnection`) or PostgreSQL
/// (`PostgresConnection`). The `db.*` builtins see only this, so both engines share one API,
/// one statement per call and the same refusals.
protocol DatabaseSession: AnyObject {
    /// Rows of a one-statement query, each a map keyed by column name. `builtin` is the call
    /// errors name (`db.query!`, or the query builder's `db.all!`, `db.count!`, ...).
    func query(_ sql: String, _ parameters: [Value], builtin: String, context: BuiltinContext) throws -> [Value]
    /// Runs one statement; the number of rows it inserted, updated or deleted.
    func execute(_ sql: String, _ parameters: [Value], builtin: String, context: BuiltinContext) throws -> Int64
    /// Idempotent.
    func close()
    /// The SQL the query builder writes for this engine.
    var dialect: SQLDialect { get }
}

extension DatabaseConnection: DatabaseSession {
    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ parameters: [Value], builtin: String, context: BuiltinContext) throws -> [Value] {
        try query(sql, parameters, builtin: builtin, watchdog: SQLiteWatchdog(context))
    }

    func execute(_ sql: String, _ parameters: [Value], builtin: String, context: BuiltinContext) throws -> Int64 {
        try execute(sql, parameters, builtin: builtin, watchdog: SQLiteWatchdog(context))
    }
}
