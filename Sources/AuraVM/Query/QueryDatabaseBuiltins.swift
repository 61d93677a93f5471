import AuraDiagnostics

/// `db.all!`, `db.first!`, `db.count!`, `db.insert!`, `db.update!`, `db.delete!` and `db.sql`:
/// the query builder's statements, run through the same sessions as `db.query!`.
enum QueryDatabaseBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "db.all!": { args, context in
            let (session, query) = try sessionAndQuery(args, "db.all!")
            return .list(try rows(query, session, "db.all!", context))
        },
        "db.first!": { args, context in
            let (session, query) = try sessionAndQuery(args, "db.first!")
            return try rows(query.limited(to: 1), session, "db.first!", context).first ?? .none
        },
        "db.count!": { args, context in
            let (session, query) = try sessionAndQuery(args, "db.count!")
            let sql = try QuerySQL(dialect: session.dialect).count(query)
            guard case let .map(row)? = try session.query(sql.text, sql.parameters, builtin: "db.count!", context: context).first,
                  case let .int(count)? = row[.string("count")] else {
                throw RuntimeError(.databaseError, "db.count! got no count back from the database")
            }
            return .int(count)
        },
        "db.delete!": { args, context in
            let (session, query) = try sessionAndQuery(args, "db.delete!")
            let sql = try QuerySQL(dialect: session.dialect).delete(query)
            return .int(try session.execute(sql.text, sql.parameters, builtin: "db.delete!", context: context))
        },
        "db.insert!": { args, context in
            let (session, record, schema) = try sessionAndRow(args, "db.insert!")
            let sql = QuerySQL(dialect: session.dialect).insert(record, schema)
            _ = try session.execute(sql.text, sql.parameters, builtin: "db.insert!", context: context)
            return .unit
        },
        "db.update!": { args, context in
            let (session, record, schema) = try sessionAndRow(args, "db.update!")
            let sql = QuerySQL(dialect: session.dialect).update(record, schema)
            return .int(try session.execute(sql.text, sql.parameters, builtin: "db.update!", context: context))
        },
        "db.sql": { args, _ in
            try args.expect("db.sql", 1...1)
            let sql = try QuerySQL(dialect: .standard).select(try QueryBuiltins.query(args[0], "db.sql"))
            return .string(sql.text)
        },
    ]

    private static func rows(_ query: QueryValue, _ session: any DatabaseSession, _ builtin: String, _ context: BuiltinContext) throws -> [Value] {
        let sql = try QuerySQL(dialect: session.dialect).select(query)
        let decoder = RowDecoder(layout: query.layout, schema: query.schema)
        return try session.query(sql.text, sql.parameters, builtin: builtin, context: context).map(decoder.record)
    }

    private static func sessionAndQuery(_ args: Arguments, _ builtin: StaticString) throws -> (any DatabaseSession, QueryValue) {
        try args.expect(builtin, 2...2)
        return (try DatabaseLibrary.connection(args[0], "\(builtin)"), try QueryBuiltins.query(args[1], "\(builtin)"))
    }

    private static func sessionAndRow(_ args: Arguments, _ builtin: StaticString) throws -> (any DatabaseSession, RecordValue, TableSchema) {
        try args.expect(builtin, 2...2)
        guard case let .record(record) = args[1], let schema = record.layout.table else {
            throw RuntimeError(.databaseError, "\(builtin) needs a row of a table (a record with `@pk`), found \(args[1].kindName)")
        }
        return (try DatabaseLibrary.connection(args[0], "\(builtin)"), record, schema)
    }
}
