/// The display form of LANGUAGE.md §9: what `print!` and `"${x}"` show.
extension Value {
    /// Strings are raw at top level; inside collections they are quoted.
    public var display: String {
        var out = ""
        write(to: &out, quoted: false)
        if out.utf8.count >= Value.maxDisplayBytes { out += "…" }
        return out
    }

    /// The form used inside collections (strings quoted and escaped).
    public var debugDisplay: String {
        var out = ""
        write(to: &out, quoted: true)
        if out.utf8.count >= Value.maxDisplayBytes { out += "…" }
        return out
    }

    /// Display forms stop growing at this size. Lists share their elements, so
    /// `xs = [xs, xs]` thirty times is small in memory but has a display form of 2^30
    /// elements: without a cap, one `print!` would run for hours inside a single
    /// instruction, out of reach of the time budget.
    public static let maxDisplayBytes = 16 << 20

    func write(to out: inout String, quoted: Bool) {
        if out.utf8.count >= Value.maxDisplayBytes { return }
        switch self {
        case .unit: out += "unit"
        case .none: out += "none"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .float(f): out += Value.formatFloat(f)
        case let .string(s):
            if quoted { Value.writeQuoted(s, to: &out) } else { out += s }
        case let .list(items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += ", " }
                item.write(to: &out, quoted: true)
            }
            out += "]"
        case let .map(map):
            out += "{"
            var first = true
            for (key, value) in map.pairs {
                if !first { out += ", " }
                first = false
                key.write(to: &out, quoted: true)
                out += ": "
                value.write(to: &out, quoted: true)
            }
            out += "}"
        case let .record(record) where record.layout.isVariant && record.layout.fieldNames.isEmpty:
            out += record.layout.name
        case let .record(record):
            out += record.layout.name + " { "
            for (k, name) in record.layout.fieldNames.enumerated() {
                if k > 0 { out += ", " }
                out += name + ": "
                record.fields[k].write(to: &out, quoted: true)
            }
            out += record.layout.fieldNames.isEmpty ? "}" : " }"
        case .closure, .builtin: out += "<function>"
        case let .object(object): out += object.displayName
        }
    }

    /// Floats always show a decimal point, with the shortest digits that round-trip.
    public static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = String(value) // Swift prints the shortest round-trip form
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        if let e = text.firstIndex(of: "e"), !text[..<e].contains(".") {
            text.insert(contentsOf: ".0", at: e)
        }
        return text
    }

    /// `asSource`: as AURA source text (`Value.sourceLiteral`), where `$` is escaped too (it could
    /// start an interpolation) and a control character without an escape makes it fail (false).
    @discardableResult
    static func writeQuoted(_ s: String, to out: inout String, asSource: Bool = false) -> Bool {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "$" where asSource: out += "\\$"
            default:
                if asSource, scalar.value < 0x20 || scalar.value == 0x7F { return false }
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return true
    }
}
