extension Value {
    /// Longest literal produced: a replayed call is source text in a test block.
    static let maxLiteralBytes = 4096

    /// The value as AURA source that evaluates to it (`10`, `-2.5`, `"a\$b"`, `[1, 2]`, `none`),
    /// or nil when it has none a call could be written with (records, maps, functions,
    /// objects, special floats) or it would be long.
    public var sourceLiteral: String? {
        var out = ""
        guard writeLiteral(to: &out), out.utf8.count <= Value.maxLiteralBytes else { return nil }
        return out
    }

    private func writeLiteral(to out: inout String) -> Bool {
        switch self {
        case .none: out += "none"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i):
            // `-9223372036854775808` would parse as the negation of a literal that overflows.
            guard i != .min else { return false }
            out += String(i)
        case let .float(f):
            let text = Value.formatFloat(f)
            guard f.isFinite, !text.contains("e") else { return false }
            out += text
        case let .string(s):
            guard Value.writeQuoted(s, to: &out, asSource: true) else { return false }
        case let .list(items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                guard item.writeLiteral(to: &out), out.utf8.count <= Value.maxLiteralBytes else { return false }
            }
            out += "]"
        default:
            return false
        }
        return true
    }
}
