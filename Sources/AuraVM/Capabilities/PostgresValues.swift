/// AURA values to PostgreSQL parameters and text-format results back, decided by type OID.
enum PostgresValues {
    /// A bound parameter: its text form (nil = SQL NULL) and the type OID sent with it.
    struct Parameter: Equatable {
        var text: String?
        var type: UInt32
    }

    /// `i` → int8, `f` → float8, `b` → bool, `s` and variants without fields → text of unknown
    /// type (the server infers it from the context, so a string fills a `uuid`, `date` or
    /// `timestamptz` column), `none` → NULL.
    static func parameter(_ value: Value, position: Int) throws -> Parameter {
        switch value {
        case let .int(number): return Parameter(text: String(number), type: 20)
        case let .float(number):
            if number.isNaN { return Parameter(text: "NaN", type: 701) }
            if number.isInfinite { return Parameter(text: number < 0 ? "-Infinity" : "Infinity", type: 701) }
            return Parameter(text: "\(number)", type: 701)
        case let .bool(flag): return Parameter(text: flag ? "t" : "f", type: 16)
        case .none: return Parameter(text: nil, type: 0)
        case let .string(text):
            // libpq sends text parameters as C strings: a NUL would silently cut the value short.
            guard !text.utf8.contains(0) else {
                throw RuntimeError(.databaseError, "parameter \(position) contains a NUL character, which PostgreSQL text cannot hold",
                                   help: ["remove the \\u{0} characters, or store the value encoded (e.g. as JSON or hex)"])
            }
            return Parameter(text: text, type: 0)
        case let .record(record) where record.layout.isVariant && record.layout.fieldNames.isEmpty:
            return Parameter(text: record.layout.name, type: 0)
        default:
            throw RuntimeError(.databaseError, "parameter \(position) is a \(value.kindName); only i, f, s, b, none and variants without fields can be bound",
                               help: ["convert it first, e.g. with json.stringify or to_s"])
        }
    }

    /// A column value in PostgreSQL's text output format, converted by the column's type OID:
    /// int8/int4/int2/oid → `i`, float8/float4/numeric → `f`, bool → `b`, everything else (text,
    /// varchar, uuid, dates and timestamps in ISO form, json) → `s`.
    static func value(_ text: String, type: UInt32) -> Value {
        switch type {
        case 20, 21, 23, 26:
            if let number = Int64(text) { return .int(number) }
            return .string(text)
        case 700, 701, 1700:
            if let number = Double(text) { return .float(number) }
            return .string(text)
        case 16:
            return .bool(text == "t")
        default:
            return .string(text)
        }
    }
}
