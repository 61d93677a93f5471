import AuraDiagnostics

/// Turns the rows of a builder query (maps keyed by column name) into typed records, naming the
/// column when a row does not fit the record (R0020).
struct RowDecoder {
    let layout: RecordLayout
    let schema: TableSchema

    func record(_ row: Value) throws -> Value {
        guard case let .map(columns) = row else {
            throw RuntimeError(.rowMismatch, "a row of `\(schema.name)` is \(row.kindName), not a row")
        }
        var fields: [Value] = []
        fields.reserveCapacity(schema.columns.count)
        for column in schema.columns {
            guard let value = columns[.string(column.name)] else {
                throw RuntimeError(.rowMismatch, "table `\(schema.name)` has no column `\(column.name)`, which `\(schema.recordName).\(column.name)` needs",
                                   help: ["add the column (`ALTER TABLE \(schema.name) ADD COLUMN \(column.name) ...`), or remove the field from `\(schema.recordName)`"])
            }
            fields.append(try convert(value, column))
        }
        return .record(RecordValue(layout: layout, fields: fields))
    }

    private func convert(_ value: Value, _ column: TableSchema.Column) throws -> Value {
        switch (column.kind, value) {
        case (_, .none) where column.isOptional: return .none
        case (.int, .int), (.float, .float), (.string, .string), (.bool, .bool): return value
        case let (.float, .int(number)): return .float(Double(number))
        // SQLite has no boolean type: a `b` column holds 0 or 1.
        case let (.bool, .int(number)) where number == 0 || number == 1: return .bool(number == 1)
        default:
            let wanted = Self.typeName(column)
            let found: String
            switch value {
            case .none: found = "NULL"
            case let .string(text): found = "the string \"\(text.prefix(40))\""
            default: found = "the \(value.kindName) \(value.display.prefix(40))"
            }
            throw RuntimeError(.rowMismatch, "column `\(column.name)` of table `\(schema.name)` holds \(found), but `\(schema.recordName).\(column.name)` is `\(wanted)`",
                               help: [found == "NULL" ? "make the field optional (`\(column.name):\(wanted)?`) if the column may be NULL"
                                      : "change the field's type in `\(schema.recordName)` to match the column, or fix the stored value"])
        }
    }

    static func typeName(_ column: TableSchema.Column) -> String {
        switch column.kind {
        case .int: return "i"
        case .float: return "f"
        case .string: return "s"
        case .bool: return "b"
        }
    }
}
