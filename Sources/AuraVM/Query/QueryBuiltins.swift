import AuraDiagnostics

/// The query-building stages (`where`, `order_by`, `order_by_desc`, `limit`, `offset` on a
/// `Query[T]`). They only build a new query value; nothing runs until a `db.*!` call.
enum QueryBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "order_by": { args, _ in try order(args, descending: false) },
        "order_by_desc": { args, _ in try order(args, descending: true) },
        "offset": { args, _ in
            try args.expect("offset", 2...2)
            return .object(try query(args[0], "offset").offset(by: max(try args[1].asInt("the offset"), 0)))
        },
    ]

    /// The query in `value`, or nil when it is something else (a list for the list builtins).
    static func query(in value: Value) -> QueryValue? {
        guard case let .object(object) = value else { return nil }
        return object as? QueryValue
    }

    static func query(_ value: Value, _ builtin: String) throws -> QueryValue {
        guard let query = query(in: value) else {
            throw RuntimeError(.wrongDynKind, "`\(builtin)` needs a query, found \(value.kindName)")
        }
        return query
    }

    /// `where(q, template, parameters...)`: the compiler passes the translated condition and
    /// the values of its parameters instead of the lambda.
    static func filter(_ args: Arguments) throws -> Value {
        let query = try requireUnwindowed(try query(args[0], "where"), "where")
        guard args.count >= 2, case let .object(object) = args[1], let template = object as? PredicateTemplate else {
            throw RuntimeError(.wrongDynKind, "`where` on a query needs a condition that becomes SQL")
        }
        let values = (2..<args.count).map { args[$0] }
        return .object(query.adding(BoundFilter(predicate: template.predicate, values: values)))
    }

    static func limit(_ query: QueryValue, _ args: Arguments) throws -> Value {
        .object(query.limited(to: max(try args[1].asInt("the limit"), 0)))
    }

    private static func order(_ args: Arguments, descending: Bool) throws -> Value {
        let name = descending ? "order_by_desc" : "order_by"
        try args.expect(descending ? "order_by_desc" : "order_by", 2...2)
        let query = try requireUnwindowed(try query(args[0], name), name)
        return .object(query.ordered(by: try args[1].asString("the column"), descending: descending))
    }

    /// SQL filters and orders before it limits: a `where` after `limit` would mean something
    /// else in the database than on a list, so it is refused instead of silently reordered.
    private static func requireUnwindowed(_ query: QueryValue, _ builtin: String) throws -> QueryValue {
        guard query.limit == nil, query.offset == nil else {
            throw RuntimeError(.databaseError, "`\(builtin)` after `limit` or `offset` on a query",
                               help: ["put `\(builtin)` before `limit` and `offset`: `q | \(builtin)(...) | limit(n)`"])
        }
        return query
    }
}
