/// Conversions: `to_s to_i to_f to_b`, plus the strict `dyn` variants `to_i:dyn`, `to_f:dyn`
/// and `to_b:dyn` (see `StandardLibrary`).
///
/// The plain builtins follow their static overloads: on a string, `to_i`/`to_f`/`to_b` parse
/// and return an optional (`none` when the text is not a number or boolean; no trimming). On
/// a `dyn`, a value of the wrong kind is R0006 — a `dyn` holding the JSON string `"42"` is not
/// an integer.
enum ConversionBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "to_s": toS,
        "to_i": toI,
        "to_f": toF,
        "to_b": toB,
        "to_i:dyn": dynToI,
        "to_f:dyn": dynToF,
        "to_b:dyn": dynToB,
        "to_s:dyn": dynToS,
    ]

    /// The display form (§9): strings unchanged, everything else as `print!` shows it.
    static func toS(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_s", 1...1)
        if case .string = args[0] { return args.take(0) }
        return .string(args[0].display)
    }

    /// `(s) -> i?`, `(f) -> i` (truncates toward zero), `(i) -> i`, `(b) -> i` (0 or 1).
    static func toI(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_i", 1...1)
        switch args[0] {
        case .int: return args[0]
        case let .float(f): return .int(try truncate(f))
        case let .bool(b): return .int(b ? 1 : 0)
        case let .string(text): return parseInt(text).map(Value.int) ?? .none
        case let other: throw RuntimeError(.wrongDynKind, "to_i: expected a number, found \(other.kindName)")
        }
    }

    /// `(s) -> f?`, `(i) -> f`, `(f) -> f`.
    static func toF(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_f", 1...1)
        switch args[0] {
        case .float: return args[0]
        case let .int(i): return .float(Double(i))
        case let .string(text): return parseFloat(text).map(Value.float) ?? .none
        case let other: throw RuntimeError(.wrongDynKind, "to_f: expected a number, found \(other.kindName)")
        }
    }

    /// `(b) -> b`, `(s) -> b?` (exactly `"true"` or `"false"`, else `none`).
    static func toB(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_b", 1...1)
        switch args[0] {
        case .bool: return args[0]
        case let .string(text): return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .none
        case let other: throw RuntimeError(.wrongDynKind, "to_b: expected a bool, found \(other.kindName)")
        }
    }

    /// `to_i` on a `dyn`: integers, and floats truncated toward zero (a JSON `3.0` is a float).
    static func dynToI(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_i", 1...1)
        switch args[0] {
        case .int: return args[0]
        case let .float(f): return .int(try truncate(f))
        case let other: throw RuntimeError(.wrongDynKind, "to_i: expected an integer, found \(describe(other))")
        }
    }

    /// `to_f` on a `dyn`: floats, and integers converted (a JSON `3` is an integer).
    static func dynToF(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_f", 1...1)
        switch args[0] {
        case .float: return args[0]
        case let .int(i): return .float(Double(i))
        case let other: throw RuntimeError(.wrongDynKind, "to_f: expected a number, found \(describe(other))")
        }
    }

    /// `to_b` on a `dyn`: booleans only.
    static func dynToB(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_b", 1...1)
        if case .bool = args[0] { return args[0] }
        throw RuntimeError(.wrongDynKind, "to_b: expected a bool, found \(describe(args[0]))")
    }

    /// `to_s` on a `dyn`: the display form of any value except a JSON `null` (or SQL `NULL`),
    /// which has no text — `"none"` would slip into output unnoticed (R0006's page).
    static func dynToS(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("to_s", 1...1)
        if case .none = args[0] {
            throw RuntimeError(.wrongDynKind, "to_s: expected a value, found null",
                               help: ["a missing value is `none`: test it with `kind(d) == \"null\"`, or give a default with `match`"])
        }
        return try toS(&args, context)
    }

    /// The kind with a short preview, so `to_i(d.id)` on `"42"` says what was there; a null is
    /// just `null` (not `none none`).
    static func describe(_ value: Value) -> String {
        if case .none = value { return "null" }
        let shown = value.debugDisplay
        return shown.utf8.count <= 40 ? "\(value.dynKindName) \(shown)" : value.dynKindName
    }

    static func truncate(_ f: Double) throws -> Int64 {
        guard let result = Int64(exactly: f.rounded(.towardZero)) else {
            throw MathBuiltins.overflow("to_i(\(Value.formatFloat(f))) does not fit in an integer")
        }
        return result
    }

    /// An optional sign and decimal digits; anything else (spaces, `_`, overflow) is `nil`.
    static func parseInt(_ text: String) -> Int64? {
        var digits = text.utf8[...]
        guard let firstByte = digits.first else { return nil }
        let negative = firstByte == UInt8(ascii: "-")
        if negative || firstByte == UInt8(ascii: "+") { digits = digits.dropFirst() }
        if digits.isEmpty { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            // Accumulate negatively so Int64.min parses.
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(byte - 0x30))
            if o1 || o2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// Decimal notation only (`2.5`, `-1e3`, `.5`, `7.`); no hex floats, `nan` or `inf`.
    static func parseFloat(_ text: String) -> Double? {
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        return Double(text)
    }
}
