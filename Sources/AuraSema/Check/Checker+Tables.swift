import AuraDiagnostics
import AuraSyntax

extension Checker {
    /// A record with a `@pk` field (or `@table("name")`) is a table: one key, and fields a column
    /// can hold. What disqualifies it is kept and reported only where the record is used as a
    /// table, so records that were never meant as tables check as they always did.
    func declareTable(_ recordIndex: Int32, _ decl: RecordDecl) {
        let keys = decl.fields.filter { $0.attributes.contains("pk") }
        guard !keys.isEmpty else {
            if let table = decl.table {
                // `@table(...)` says the record is a table: without a key it cannot be one.
                error(.invalidTable, "table `\(table.name)` needs a `@pk` field", table.span, "no field is its key",
                      notes: ["the query builder finds, updates and deletes rows by their primary key"],
                      help: ["tag the key field with `@pk`, e.g. `id:i @pk`"])
            }
            return
        }
        let record = types.records[Int(recordIndex)]
        if keys.count > 1 {
            tableProblems[recordIndex] = ("`\(record.name)` has more than one `@pk` field; a table has one primary key", keys[1].span, "second key")
            return
        }
        for field in record.fields {
            let declared = decl.fields.first { $0.name == field.name }!
            if !isColumnType(field.type) {
                tableProblems[recordIndex] = ("field `\(name(field.name))` has type `\(describe(field.type))`, which no column holds: "
                                              + "a table's fields are `i`, `f`, `s`, `b` (or `uuid`), each possibly optional",
                                              declared.span, "not a column type")
                return
            }
            if field.isOptional, declared.attributes.contains("pk") {
                tableProblems[recordIndex] = ("the key `\(name(field.name))` is optional; every row needs a key", declared.span, "optional key")
                return
            }
        }
        guard let key = record.field(keys[0].name) else { return }
        types.records[Int(recordIndex)].table = TableInfo(name: decl.table?.name ?? TableInfo.snakeCase(record.name), primaryKey: key.index)
    }

    /// E0703 when the record tried to be a table, E0702 when it never was one.
    func reportNotATable(_ recordIndex: Int32, at span: Span, use message: String) {
        let record = types.records[Int(recordIndex)]
        if let problem = tableProblems[recordIndex] {
            error(.invalidTable, message, span, "`\(record.name)` cannot be a table",
                  secondary: [Label(problem.span, problem.label)], notes: [problem.message])
            return
        }
        error(.notATable, message, span, "`\(record.name)` has no `@pk` field",
              notes: ["a record type is a table when one of its fields is tagged `@pk` (its primary key)"],
              help: ["tag the key field, e.g. `@\(record.name) { id:i @pk ... }`"])
    }

    private func isColumnType(_ type: TypeID) -> Bool {
        switch types.resolvedNode(type) {
        case .int, .float, .string, .bool: return true
        case let .optional(inner): return isColumnType(inner)
        default: return false
        }
    }
}
