#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Language 1.1 builtins on strings and lists: `index_of`, `slice`, `ord`, `chr`, `pad_left`,
/// `pad_right`, and `to_fixed` for floats. Positions and widths count Unicode scalars, like
/// `len` and `chars`.
enum TextBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "index_of": indexOf,
        "slice": slice,
        "ord": ord,
        "chr": chr,
        "pad_left": padLeft,
        "pad_right": padRight,
        "to_fixed": toFixed,
    ]

    /// `(s, s) -> i?`: the scalar position of the first occurrence; `([a], a) -> i?` on lists.
    static func indexOf(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("index_of", 2...2)
        switch args[0] {
        case let .list(items):
            return items.firstIndex { $0 == args[1] }.map { .int(Int64($0)) } ?? .none
        case let .string(text):
            let haystack = Array(text.unicodeScalars), needle = Array(try args.string(1, "index_of").unicodeScalars)
            guard needle.count <= haystack.count else { return .none }
            if needle.isEmpty { return .int(0) }
            for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
                if haystack[start..<(start + needle.count)].elementsEqual(needle) { return .int(Int64(start)) }
            }
            return .none
        default:
            throw RuntimeError.wrongKind("index_of", args[0])
        }
    }

    /// `(s, i, i) -> s`, `([a], i, i) -> [a]`: the half-open range `start..end`, both clamped to
    /// `0...len`; an empty result when `end <= start`.
    static func slice(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("slice", 3...3)
        let start = try args.int(1, "slice"), end = try args.int(2, "slice")
        func bounds(_ count: Int) -> Range<Int> {
            let lower = start.clamped(to: count), upper = end.clamped(to: count)
            return lower..<max(lower, upper)
        }
        switch args[0] {
        case let .list(items):
            return .list(Array(items[bounds(items.count)]))
        case let .string(text):
            let scalars = Array(text.unicodeScalars)
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[bounds(scalars.count)])
            return .string(String(out))
        default:
            throw RuntimeError.wrongKind("slice", args[0])
        }
    }

    /// `(s) -> i`: the first scalar's code point; R0003 on an empty string.
    static func ord(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("ord", 1...1)
        guard let first = try args.string(0, "ord").unicodeScalars.first else {
            throw RuntimeError(.indexOutOfRange, "ord: the string is empty", help: ["test it first: `if len(s) > 0 { ord(s) } else { ... }`"])
        }
        return .int(Int64(first.value))
    }

    /// `(i) -> s`: the one-scalar string; R0003 for a number that is not a Unicode scalar.
    static func chr(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("chr", 1...1)
        let code = try args.int(0, "chr")
        guard let value = UInt32(exactly: code), let scalar = Unicode.Scalar(value) else {
            throw RuntimeError(.indexOutOfRange, "chr: \(code) is not a Unicode scalar value",
                               help: ["scalar values are 0 to 0x10FFFF, except the surrogates 0xD800 to 0xDFFF"])
        }
        return .string(String(Character(scalar)))
    }

    static func padLeft(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try pad(&args, "pad_left", left: true)
    }

    static func padRight(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try pad(&args, "pad_right", left: false)
    }

    /// `(s, i, s) -> s`: `fill` repeated (and cut) until the text is `width` scalars wide; a
    /// text already as wide, or an empty `fill`, is returned unchanged.
    private static func pad(_ args: inout Arguments, _ builtin: StaticString, left: Bool) throws -> Value {
        try args.expect(builtin, 3...3)
        let width = try args.int(1, builtin)
        let fill = Array(try args.string(2, builtin).unicodeScalars)
        let text = try args.string(0, builtin)
        let length = text.unicodeScalars.count
        guard width > Int64(length), !fill.isEmpty else { return args.take(0) }
        let missing = Int(width) - length
        guard missing <= StandardLibrary.maxCollectionCount else { throw RuntimeError.tooLarge(builtin, width) }
        var padding = String.UnicodeScalarView()
        for k in 0..<missing { padding.append(fill[k % fill.count]) }
        return .string(left ? String(padding) + text : text + String(padding))
    }

    /// `(f, i) -> s`: fixed notation with `digits` decimals, as C's `%.Nf` (rounding half to
    /// even on the binary value); `digits` is clamped to 0...20.
    static func toFixed(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_fixed", 2...2)
        let x: Double
        switch args[0] {
        case let .float(f): x = f
        case let .int(i): x = Double(i)
        default: throw RuntimeError.wrongKind("to_fixed", args[0])
        }
        let digits = Int32(try args.int(1, "to_fixed").clamped(to: 20))
        // libc's printf, not Foundation's `String(format:)`: the `aura` binary links no
        // Foundation. 1e308 with 20 decimals is 330 bytes, so 400 always fits.
        var buffer = [CChar](repeating: 0, count: 400)
        let written = withVaList([digits, x]) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
        guard written >= 0, Int(written) < buffer.count else { return .string(Value.formatFloat(x)) }
        return .string(String(decoding: buffer[..<Int(written)].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
