/// The `+json` capability: `json.parse(s) -> dyn` and `json.stringify(x) -> s`.
public enum JSONLibrary {
    // Stateless closures in an immutable table (see `StandardLibrary.builtins`).
    /// Keyed by the qualified name a program writes.
    public static let builtins: [String: BuiltinImplementation] = [
        "json.parse": parse,
        "json.stringify": stringify,
    ]

    /// Strict RFC 8259 (see `JSONParser`); invalid input is R0012.
    static func parse(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("json.parse", 1...1)
        return try JSONParser.parse(try args.string(0, "json.parse"))
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
            for (k, name) in record.layout.fieldNames.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
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

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// RFC 8259 escaping: `"`, `\` and control characters; everything else is copied as UTF-8.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case ..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
