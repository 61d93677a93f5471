import AuraDiagnostics
import AuraSyntax

/// The query builder's compile-time half: `User` as a query, `where`/`order_by` lambdas
/// translated to SQL, and the table checks of `db.insert!`/`db.update!`.
extension Checker {
    /// The query of every row of a table record named as a value (`User | where(...)`).
    func tableQuery(_ recordIndex: Int32, expr: ExprID, written: String) -> TypeID {
        modules[Int(m)].resolutions[Int(expr)] = .table(recordIndex)
        return types.query(types.record(recordIndex))
    }

    /// `Query[T]` in an annotation: `T` must be a table.
    func queryType(of row: TypeID, at span: Span) -> TypeID {
        switch types.resolvedNode(row) {
        case let .record(index) where types.records[Int(index)].table != nil:
            return types.query(row)
        case let .record(index):
            reportNotATable(index, at: span, use: "`Query[\(types.records[Int(index)].name)]` needs a table")
            return TypeStore.error
        case .error:
            return TypeStore.error
        default:
            error(.notATable, "`Query[\(describe(row))]` needs a table", span, "not a record type",
                  notes: ["a query's rows are records of a table: a record type with a `@pk` field"])
            return TypeStore.error
        }
    }

    /// After a builtin call is checked: the SQL meaning of `where`/`order_by` on a query, and the
    /// table requirement of `db.insert!`/`db.update!`.
    func checkQueryCall(_ expr: ExprID, _ entry: BuiltinEntry, _ args: [ExprID]) {
        if entry.queryRole == .tableRow, args.count == 2 {
            switch types.resolvedNode(modules[Int(m)].exprTypes[Int(args[1])]) {
            case let .record(index) where types.records[Int(index)].table == nil && types.records[Int(index)].sum < 0:
                reportNotATable(index, at: tree.span(args[1]), use: "`db.\(entry.name)` needs a row of a table")
            case .record, .error, .variable: break
            default:
                error(.notATable, "`db.\(entry.name)` needs a row of a table", tree.span(args[1]),
                      "has type `\(describe(modules[Int(m)].exprTypes[Int(args[1])]))`",
                      notes: ["a table is a record type with a `@pk` field"])
            }
            return
        }
        guard entry.queryRole == .stage, args.count == 2,
              case let .query(row) = types.resolvedNode(modules[Int(m)].exprTypes[Int(args[0])]),
              case let .record(recordIndex) = types.resolvedNode(row) else { return }
        guard case let .lambda(params, body) = tree.expr(args[1]), params.count == 1 else {
            // A function value's body is not visible here, so it cannot be translated.
            if types.resolvedNode(modules[Int(m)].exprTypes[Int(args[1])]) != .error {
                reportUntranslatable(QueryTranslationFailure(expr: args[1], reason: "a query's `\(entry.name)` needs its lambda written in the call, like `\(entry.name)(_.field ...)`"),
                                     builtin: entry.name)
            }
            return
        }
        // A lambda with its own errors (a misspelt field) is reported once, by those errors.
        let lambda = tree.span(args[1])
        guard !diagnostics.contains(where: { $0.severity == .error && $0.primary.span.file == lambda.file
                                             && $0.primary.span.start >= lambda.start && $0.primary.span.end <= lambda.end }) else { return }
        let rowLocal = modules[Int(m)].paramLocals[Int(params.start)]
        var translator = QueryTranslator(checker: self, rowLocal: rowLocal, record: types.records[Int(recordIndex)])
        do throws(QueryTranslationFailure) {
            if entry.name == "where" {
                let predicate = try translator.predicate(body)
                modules[Int(m)].queryStages[expr] = .filter(predicate, parameters: translator.parameters)
            } else {
                guard let column = translator.column(body) else {
                    throw QueryTranslationFailure(expr: body, reason: "an `\(entry.name)` key must be a field of the row, like `_.name`")
                }
                modules[Int(m)].queryStages[expr] = .order(column: column.name, descending: entry.name == "order_by_desc")
            }
        } catch {
            reportUntranslatable(error, builtin: entry.name)
        }
    }

    /// E0701, naming the part of the lambda that has no SQL form.
    private func reportUntranslatable(_ failure: QueryTranslationFailure, builtin: String) {
        let span = tree.span(failure.expr)
        let written = tree.text(span)
        let shown = written.count > 40 ? String(written.prefix(37)) + "..." : written
        error(.notSQL, "this `\(builtin)` on a query cannot become SQL", span, "`\(shown)` has no SQL form",
              notes: [failure.reason,
                      "a query's `where` runs in the database: it may compare fields with literals, names and parameters, "
                      + "join conditions with `and`, `or`, `not`, test `== none`, and use `contains`, `starts_with`, `ends_with` on text fields"],
              help: ["filter after fetching the rows: `db.all!(conn, q) | filter(...)`",
                     "or compute the value first and compare with its name: `minimum = ...` then `where(_.age > minimum)`"])
    }
}

/// Why a `where`/`order_by` lambda (or a part of it) cannot become SQL.
struct QueryTranslationFailure: Error {
    let expr: ExprID
    let reason: String
}

/// Walks a `where` lambda's body, building the SQL condition and collecting the expressions whose
/// values become parameters.
struct QueryTranslator {
    let checker: Checker
    let rowLocal: Int32
    let record: RecordType
    private(set) var parameters: [ExprID] = []

    init(checker: Checker, rowLocal: Int32, record: RecordType) {
        self.checker = checker
        self.rowLocal = rowLocal
        self.record = record
    }

    private var tree: SyntaxTree { checker.tree }
    private var module: CheckedModule { checker.modules[Int(checker.m)] }

    mutating func predicate(_ expr: ExprID) throws(QueryTranslationFailure) -> QueryPredicate {
        switch tree.expr(expr) {
        case let .binary(.and, lhs, rhs): return .and(try predicate(lhs), try predicate(rhs))
        case let .binary(.or, lhs, rhs): return .or(try predicate(lhs), try predicate(rhs))
        case let .unary(.not, operand): return .not(try predicate(operand))
        case let .bool(value): return .constant(value)
        case let .binary(op, lhs, rhs):
            guard let comparison = QueryComparison(op) else {
                throw QueryTranslationFailure(expr: expr, reason: "`\(op.spelling)` is not a condition SQL can evaluate here")
            }
            return try compare(expr, comparison, lhs, rhs)
        case let .call(callee, args, _):
            return try match(expr, callee: callee, args: Array(tree.children(args)))
        case .member:
            if let column = column(expr), !column.isOptional { return .column(column.name) }
            throw QueryTranslationFailure(expr: expr, reason: "a condition must be a comparison or a `b` field of the row")
        case .block(let statements) where statements.count == 1:
            return try predicate(tree.children(statements).first!)
        default:
            throw QueryTranslationFailure(expr: expr, reason: "only comparisons of the row's fields, `and`, `or`, `not` and text matching become SQL")
        }
    }

    private mutating func compare(_ expr: ExprID, _ comparison: QueryComparison, _ lhs: ExprID, _ rhs: ExprID)
        throws(QueryTranslationFailure) -> QueryPredicate {
        var comparison = comparison
        var (fieldSide, valueSide) = (lhs, rhs)
        if column(lhs) == nil {
            guard column(rhs) != nil else {
                throw QueryTranslationFailure(expr: expr, reason: "a comparison needs a field of the row (like `_.age`) on one side")
            }
            (fieldSide, valueSide) = (rhs, lhs)
            comparison = comparison.flipped
        }
        let field = column(fieldSide)!
        if case .none = tree.expr(valueSide) {
            guard comparison == .equal || comparison == .notEqual else {
                throw QueryTranslationFailure(expr: expr, reason: "`none` can only be tested with `==` or `!=`")
            }
            return .isNull(column: field.name, negated: comparison == .notEqual)
        }
        if let other = column(valueSide) {
            guard !field.isOptional, !other.isOptional else {
                throw QueryTranslationFailure(expr: expr, reason: "two optional fields compare differently in SQL (NULL is not equal to NULL)")
            }
            return .compare(column: field.name, comparison, .column(other.name), nullable: false)
        }
        return .compare(column: field.name, comparison, .parameter(try parameter(valueSide)), nullable: field.isOptional)
    }

    private mutating func match(_ expr: ExprID, callee: ExprID, args: [ExprID]) throws(QueryTranslationFailure) -> QueryPredicate {
        let names: [String: QueryMatch] = ["contains": .contains, "starts_with": .startsWith, "ends_with": .endsWith]
        guard case let .builtin(id) = module.resolutions[Int(callee)], checker.builtins.entries[Int(id)].capability == nil,
              let kind = names[checker.builtins.entries[Int(id)].name], args.count == 2 else {
            throw QueryTranslationFailure(expr: expr, reason: "a function call has no SQL form; only `contains`, `starts_with` and `ends_with` on a text field do")
        }
        guard let field = column(args[0]), checker.types.resolved(field.type) == TypeStore.string else {
            throw QueryTranslationFailure(expr: args[0], reason: "`\(kind.rawValue)` becomes SQL when its first argument is an `s` field of the row")
        }
        return .match(column: field.name, kind, parameter: try parameter(args[1]))
    }

    /// `u.field` (or `_.field`) on the row: the field.
    func column(_ expr: ExprID) -> (name: String, isOptional: Bool, type: TypeID)? {
        guard case let .member(base, fieldSymbol) = tree.expr(expr), isRow(base), let (_, field) = record.field(fieldSymbol) else { return nil }
        return (checker.name(fieldSymbol), field.isOptional, field.type)
    }

    private func isRow(_ expr: ExprID) -> Bool {
        switch tree.expr(expr) {
        case .name, .placeholder: return module.resolutions[Int(expr)] == .local(rowLocal)
        default: return false
        }
    }

    /// A value from outside the row: a literal, a name, a field of a name, or a negated number.
    private mutating func parameter(_ expr: ExprID) throws(QueryTranslationFailure) -> Int {
        try requireValue(expr)
        parameters.append(expr)
        return parameters.count - 1
    }

    private func requireValue(_ expr: ExprID) throws(QueryTranslationFailure) {
        switch tree.expr(expr) {
        case .int, .float, .string, .bool: return
        case .name:
            switch module.resolutions[Int(expr)] {
            case .local(rowLocal):
                throw QueryTranslationFailure(expr: expr, reason: "the whole row cannot be compared in SQL; compare one of its fields")
            case .local, .constant: return
            default:
                throw QueryTranslationFailure(expr: expr, reason: "only literals, local names, parameters and constants become SQL parameters")
            }
        case let .member(base, _):
            if isRow(base) {
                throw QueryTranslationFailure(expr: expr, reason: "a field of the row is a column, not a parameter; compare it directly")
            }
            try requireValue(base)
        case let .unary(.negate, operand):
            switch tree.expr(operand) {
            case .int, .float: return
            default: try requireValue(operand)
            }
        default:
            throw QueryTranslationFailure(expr: expr, reason: "a computed value has no SQL form; only literals, local names, parameters and constants do")
        }
    }
}
