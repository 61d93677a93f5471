import AuraDiagnostics
import AuraSema

/// Which SQL a query is written in. The builder's SQL is the same on both engines except where
/// SQLite differs from the standard: its `LIKE` ignores ASCII case (AURA's `contains` does not),
/// so text matching is `GLOB` there, and an `OFFSET` needs a `LIMIT`.
public enum SQLDialect: Sendable {
    /// PostgreSQL's, and what `db.sql(q)` shows.
    case standard
    case sqlite
}

/// SQL text with `?` placeholders and the values to bind to them.
struct BoundSQL {
    var text: String
    var parameters: [Value]
}

/// Writes the statements of the query builder. Every value is a bound parameter; identifiers are
/// quoted; `LIMIT`/`OFFSET` are integers written out.
struct QuerySQL {
    let dialect: SQLDialect

    func select(_ query: QueryValue) throws -> BoundSQL {
        var sql = BoundSQL(text: "SELECT * FROM " + TableSchema.quote(query.schema.name), parameters: [])
        try appendWhere(query, to: &sql)
        appendOrder(query, to: &sql)
        appendWindow(query, to: &sql)
        return sql
    }

    func count(_ query: QueryValue) throws -> BoundSQL {
        guard query.limit != nil || query.offset != nil else {
            var sql = BoundSQL(text: "SELECT COUNT(*) AS count FROM " + TableSchema.quote(query.schema.name), parameters: [])
            try appendWhere(query, to: &sql)
            return sql
        }
        let rows = try select(query)
        return BoundSQL(text: "SELECT COUNT(*) AS count FROM (\(rows.text)) AS q", parameters: rows.parameters)
    }

    func delete(_ query: QueryValue) throws -> BoundSQL {
        let table = TableSchema.quote(query.schema.name)
        guard query.limit != nil || query.offset != nil else {
            var sql = BoundSQL(text: "DELETE FROM " + table, parameters: [])
            try appendWhere(query, to: &sql)
            return sql
        }
        // A limited delete removes exactly the rows the same query would return.
        let key = TableSchema.quote(query.schema.columns[query.schema.primaryKey].name)
        var rows = BoundSQL(text: "SELECT \(key) FROM \(table)", parameters: [])
        try appendWhere(query, to: &rows)
        appendOrder(query, to: &rows)
        appendWindow(query, to: &rows)
        return BoundSQL(text: "DELETE FROM \(table) WHERE \(key) IN (\(rows.text))", parameters: rows.parameters)
    }

    func insert(_ record: RecordValue, _ schema: TableSchema) -> BoundSQL {
        let names = schema.columns.map { TableSchema.quote($0.name) }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: schema.columns.count).joined(separator: ", ")
        return BoundSQL(text: "INSERT INTO \(TableSchema.quote(schema.name)) (\(names)) VALUES (\(marks))", parameters: record.fields)
    }

    func update(_ record: RecordValue, _ schema: TableSchema) -> BoundSQL {
        let key = schema.primaryKey
        var others = schema.columns.indices.filter { $0 != key }
        if others.isEmpty { others = [key] }
        let assignments = others.map { TableSchema.quote(schema.columns[$0].name) + " = ?" }.joined(separator: ", ")
        return BoundSQL(text: "UPDATE \(TableSchema.quote(schema.name)) SET \(assignments) WHERE \(TableSchema.quote(schema.columns[key].name)) = ?",
                        parameters: others.map { record.fields[$0] } + [record.fields[key]])
    }

    // MARK: Clauses

    private func appendWhere(_ query: QueryValue, to sql: inout BoundSQL) throws {
        guard !query.filters.isEmpty else { return }
        var parts: [String] = []
        for filter in query.filters {
            parts.append(try condition(filter.predicate, filter.values, query.schema, &sql.parameters))
        }
        sql.text += " WHERE " + parts.joined(separator: " AND ")
    }

    /// The primary key ends every ordering, so rows (and `limit`/`offset` windows) come in the
    /// same order on every engine and every run.
    private func appendOrder(_ query: QueryValue, to sql: inout BoundSQL) {
        let key = query.schema.columns[query.schema.primaryKey].name
        var keys = query.order.map { ordered($0.column, query.schema) + ($0.descending ? " DESC" : "") }
        if !query.order.contains(where: { $0.column == key }) { keys.append(TableSchema.quote(key)) }
        sql.text += " ORDER BY " + keys.joined(separator: ", ")
    }

    private func appendWindow(_ query: QueryValue, to sql: inout BoundSQL) {
        if let limit = query.limit {
            sql.text += " LIMIT \(limit)"
        } else if query.offset != nil, dialect == .sqlite {
            sql.text += " LIMIT -1"
        }
        if let offset = query.offset { sql.text += " OFFSET \(offset)" }
    }

    /// Text orders byte by byte, as AURA's `<` on strings and SQLite's default collation do;
    /// PostgreSQL's default follows the server's locale.
    private func ordered(_ column: String, _ schema: TableSchema) -> String {
        let quoted = TableSchema.quote(column)
        return dialect == .standard && schema.column(named: column)?.kind == .string ? quoted + " COLLATE \"C\"" : quoted
    }

    private func condition(_ predicate: QueryPredicate, _ values: [Value], _ schema: TableSchema, _ parameters: inout [Value]) throws -> String {
        switch predicate {
        case let .and(lhs, rhs):
            return "(" + (try condition(lhs, values, schema, &parameters)) + " AND " + (try condition(rhs, values, schema, &parameters)) + ")"
        case let .or(lhs, rhs):
            return "(" + (try condition(lhs, values, schema, &parameters)) + " OR " + (try condition(rhs, values, schema, &parameters)) + ")"
        case let .not(inner):
            return "NOT (" + (try condition(inner, values, schema, &parameters)) + ")"
        case let .column(name):
            return TableSchema.quote(name)
        case let .constant(value):
            return value ? "1 = 1" : "1 = 0"
        case let .isNull(name, negated):
            return TableSchema.quote(name) + (negated ? " IS NOT NULL" : " IS NULL")
        case let .compare(name, comparison, .column(other), _):
            let orderedComparison = comparison != .equal && comparison != .notEqual
            let lhs = orderedComparison ? ordered(name, schema) : TableSchema.quote(name)
            return "\(lhs) \(comparison.rawValue) \(TableSchema.quote(other))"
        case let .compare(name, comparison, .parameter(index), nullable):
            let value = values[index]
            let column = TableSchema.quote(name)
            if case .none = value {
                switch comparison {
                case .equal: return column + " IS NULL"
                case .notEqual: return column + " IS NOT NULL"
                default: throw RuntimeError(.databaseError, "`\(name) \(comparison.rawValue) none` has no meaning: `none` is not ordered")
                }
            }
            parameters.append(value)
            if comparison == .notEqual && nullable { return "(\(column) <> ? OR \(column) IS NULL)" }
            let orderedComparison = comparison != .equal && comparison != .notEqual
            return "\(orderedComparison ? ordered(name, schema) : column) \(comparison.rawValue) ?"
        case let .match(name, kind, index):
            guard case let .string(text) = values[index] else {
                throw RuntimeError(.databaseError, "`\(kind.rawValue)` on `\(name)` needs a string, found \(values[index].kindName)")
            }
            let column = TableSchema.quote(name)
            switch dialect {
            case .sqlite:
                parameters.append(.string(pattern(kind, escapeGlob(text), any: "*")))
                return "\(column) GLOB ?"
            case .standard:
                parameters.append(.string(pattern(kind, escapeLike(text), any: "%")))
                return "\(column) LIKE ? ESCAPE '\\'"
            }
        }
    }

    private func pattern(_ kind: QueryMatch, _ escaped: String, any: String) -> String {
        switch kind {
        case .contains: return any + escaped + any
        case .startsWith: return escaped + any
        case .endsWith: return any + escaped
        }
    }

    /// `%`, `_` and the escape character itself match only themselves.
    private func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// GLOB has no escape character: a special character matches itself inside brackets.
    private func escapeGlob(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "*", "?", "[": out += "[" + String(character) + "]"
            default: out.append(character)
            }
        }
        return out
    }
}
