import AuraJSON
/// The `+json` capability: `json.parse(s) -> dyn` and `json.stringify(x) -> s`.
public enum JSONLibrary {
    // Stateless closures in an immutable table (see `StandardLibrary.builtins`).
    /// Keyed by the qualified name a program writes.
    public static let builtins: [String: BuiltinImplementation] = [
        "json.parse": parse,
        "json.stringify": stringify,
    ]

    /// Strict RFC 8259 (see `JSONParser`); invalid input is R0012. Objects become maps with
    /// string keys in document order (a repeated key keeps its first position and its last
    /// value), arrays lists, integers `i` (`f` beyond 64 bits), other numbers `f`, `null` `none`.
    static func parse(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("json.parse", 1...1)
        do {
            return value(of: try JSONParser.parse(try args.string(0, "json.parse")))
        } catch let failure as JSONParser.Failure {
            throw RuntimeError(.invalidJSON, "invalid JSON at byte \(failure.offset): \(failure.expected), found \(failure.found)")
        }
    }

    /// The AURA value of a parsed document.
    static func value(of json: JSON) -> Value {
        switch json {
        case .null: return .none
        case let .bool(flag): return .bool(flag)
        case let .integer(number): return .int(number)
        case let .number(number): return .float(number)
        case let .string(text): return .string(text)
        case let .array(items): return .list(items.map(value(of:)))
        case let .object(members):
            var map = MapValue()
            for (key, member) in members { map[.string(key)] = value(of: member) }
            return .map(map)
        }
    }

    /// Compact JSON (`{"id":1,"name":"Ana"}`). Records become objects with their fields in
    /// declaration order, maps objects in insertion order (non-string keys in display form),
    /// `none` and `unit` `null`, floats their display digits. Non-finite floats, functions and
    /// native handles have no JSON form (R0012).
    static func stringify(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("json.stringify", 1...1)
        var out: [UInt8] = []
        try write(args[0], to: &out, depth: 0)
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// The encoding of one value; `depth` guards the native stack like the parser's limit.
    static func write(_ value: Value, to out: inout [UInt8], depth: Int) throws {
        switch value {
        case .none, .unit: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .float(f):
            guard f.isFinite else {
                throw RuntimeError(.invalidJSON, "json.stringify: \(Value.formatFloat(f)) has no JSON form")
            }
            out.append(contentsOf: Value.formatFloat(f).utf8)
        case let .string(s): writeString(s, to: &out)
        case let .list(items):
            try checkDepth(depth)
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, to: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case let .map(map):
            try checkDepth(depth)
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, item) in map.pairs {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if case let .string(name) = key { writeString(name, to: &out) } else { writeString(key.display, to: &out) }
                out.append(UInt8(ascii: ":"))
                try write(item, to: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        case let .record(record):
            try checkDepth(depth)
            out.append(UInt8(ascii: "{"))
            if record.layout.isVariant {
                writeString("tag", to: &out)
                out.append(UInt8(ascii: ":"))
                writeString(record.layout.name, to: &out)
            }
            for (k, name) in record.layout.fieldNames.enumerated() {
                if k > 0 || record.layout.isVariant { out.append(UInt8(ascii: ",")) }
                writeString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                try write(record.fields[k], to: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        case .closure, .builtin:
            throw RuntimeError(.invalidJSON, "json.stringify: a function has no JSON form")
        case let .object(object):
            throw RuntimeError(.invalidJSON, "json.stringify: \(object.displayName) has no JSON form")
        }
    }

    private static func checkDepth(_ depth: Int) throws {
        if depth >= JSONParser.maxDepth {
            throw RuntimeError(.invalidJSON, "json.stringify: nesting deeper than \(JSONParser.maxDepth) levels")
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) { JSONWriter.appendQuoted(s, to: &out) }
}
