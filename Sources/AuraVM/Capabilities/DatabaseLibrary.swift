/// The `+db` capability: `db.connect!`, `db.query!`, `db.execute!`, `db.close!` over SQLite
/// (`sqlite:PATH`, `sqlite::memory:`) and PostgreSQL (`postgres://…`, `postgresql://…`).
public enum DatabaseLibrary {
    /// Keyed by the builtin's qualified name. `nonisolated(unsafe)`: the closures capture no
    /// state, so sharing the table between threads is safe although closures are not `Sendable`.
    public static let builtins: [String: BuiltinImplementation] = sessionBuiltins.merging(QueryDatabaseBuiltins.table) { first, _ in first }

    private static let sessionBuiltins: [String: BuiltinImplementation] = [
        "db.connect!": { arguments, context in
            let url = try arguments[0].asString("the database URL")
            if DatabaseURL.isPostgres(url) {
                return .object(try PostgresConnection(url: url, sandbox: context.effects.sandbox, deadline: context.deadline))
            }
            return .object(try DatabaseConnection(url: url, sandbox: context.effects.sandbox))
        },
        "db.query!": { arguments, context in
            let connection = try connection(arguments[0], "db.query!")
            return .list(try connection.query(arguments[1].asString("the SQL"), arguments.take(2).asList("the parameters"), builtin: "db.query!", context: context))
        },
        "db.execute!": { arguments, context in
            let connection = try connection(arguments[0], "db.execute!")
            return .int(try connection.execute(arguments[1].asString("the SQL"), arguments.take(2).asList("the parameters"), builtin: "db.execute!", context: context))
        },
        "db.close!": { arguments, _ in
            try connection(arguments[0], "db.close!").close()
            return .unit
        },
    ]

    static func connection(_ value: Value, _ builtin: String) throws -> any DatabaseSession {
        guard case let .object(object) = value, let connection = object as? any DatabaseSession else {
            throw RuntimeError(.databaseError, "\(builtin) needs a connection from db.connect!, found \(value.kindName)")
        }
        return connection
    }
}
