/// String builtins: `upper lower trim split starts_with ends_with replace chars repeat` (`repeat`
/// also takes a list).
///
/// Searching (`split`, `replace`, `contains`, `starts_with`, `ends_with`) compares UTF-8 bytes,
/// not canonically equivalent characters: it is fast, predictable, and agrees with `==` and
/// `<` on strings (code point order). A match of valid UTF-8 inside valid UTF-8 always starts
/// and ends on scalar boundaries, so the pieces are valid strings.
enum StringBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "upper": upper,
        "lower": lower,
        "trim": trim,
        "split": split,
        "starts_with": startsWith,
        "ends_with": endsWith,
        "replace": replace,
        "chars": chars,
        "repeat": repeatValue,
    ]

    static func upper(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("upper", 1...1)
        return .string(try args.string(0, "upper").uppercased())
    }

    static func lower(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("lower", 1...1)
        return .string(try args.string(0, "lower").lowercased())
    }

    /// Removes leading and trailing whitespace (spaces, tabs, newlines, Unicode spaces).
    static func trim(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("trim", 1...1)
        let text = try args.string(0, "trim")
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
              let end = text.lastIndex(where: { !$0.isWhitespace }) else { return .string("") }
        return .string(String(text[start...end]))
    }

    /// Keeps empty pieces (`split("a,,b", ",")` has three); an empty separator splits into
    /// characters, like `chars`.
    static func split(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("split", 2...2)
        var text = try args.string(0, "split"), separator = try args.string(1, "split")
        // At most one piece per byte, plus the bytes themselves.
        try context.chargeMemory(text.utf8.count)
        if separator.isEmpty {
            try context.chargeList(text.utf8.count)
            return characters(of: text)
        }
        // Scans the text's own UTF-8 in place (no copy of the text, no list of match positions).
        return .list(text.withUTF8 { bytes in
            separator.withUTF8 { needle in
                var pieces: [Value] = []
                var start = 0
                forEachOccurrence(of: needle, in: bytes) { match in
                    pieces.append(.string(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<match]), as: UTF8.self)))
                    start = match + needle.count
                    return true
                }
                pieces.append(.string(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)))
                return pieces
            }
        })
    }

    static func startsWith(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("starts_with", 2...2)
        let text = try args.string(0, "starts_with"), prefix = try args.string(1, "starts_with")
        return .bool(text.utf8.starts(with: prefix.utf8))
    }

    static func endsWith(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("ends_with", 2...2)
        let text = try args.string(0, "ends_with"), suffix = try args.string(1, "ends_with")
        let count = suffix.utf8.count
        return .bool(text.utf8.count >= count && text.utf8.suffix(count).elementsEqual(suffix.utf8))
    }

    /// Replaces every non-overlapping occurrence, left to right. An empty pattern matches
    /// nothing (the text is returned unchanged) rather than between every character.
    static func replace(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("replace", 3...3)
        let text = try args.string(0, "replace"), pattern = try args.string(1, "replace")
        let replacement = try args.string(2, "replace")
        if pattern.isEmpty { return args.take(0) }
        let bytes = Array(text.utf8), needle = Array(pattern.utf8)
        let matches = occurrences(of: needle, in: bytes)
        if matches.isEmpty { return args.take(0) }
        // `replace(s, "a", s)` squares the length: check before building it.
        let (grown, overflow) = matches.count.multipliedReportingOverflow(by: Swift.max(0, replacement.utf8.count - needle.count))
        let size = overflow ? Int.max : bytes.count &+ grown
        if size > StandardLibrary.maxCollectionCount { throw RuntimeError.tooLarge("replace", Int64(size)) }
        try context.chargeMemory(size * 2)
        var out: [UInt8] = []
        out.reserveCapacity(size)
        var start = 0
        for match in matches {
            out.append(contentsOf: bytes[start..<match])
            out.append(contentsOf: replacement.utf8)
            start = match + needle.count
        }
        out.append(contentsOf: bytes[start...])
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// One string per Unicode scalar (code point), consistent with `len` and indexing:
    /// `chars("héllo")` has 5 elements (when `é` is precomposed).
    static func chars(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("chars", 1...1)
        let text = try args.string(0, "chars")
        try context.chargeList(text.utf8.count)
        return characters(of: text)
    }

    /// `repeat(s, n)` and `repeat(xs, n)`; a count of zero or less gives an empty result.
    static func repeatValue(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("repeat", 2...2)
        let times = Swift.max(0, try args.int(1, "repeat"))
        switch args[0] {
        case let .string(text):
            try checkSize(Int64(text.utf8.count), times)
            try context.chargeMemory(text.utf8.count * Int(times))
            return .string(String(repeating: text, count: Int(times)))
        case let .list(items):
            try checkSize(Int64(items.count), times)
            try context.chargeList(items.count * Int(times))
            var result: [Value] = []
            result.reserveCapacity(items.count * Int(times))
            for _ in 0..<times { result.append(contentsOf: items) }
            return .list(result)
        case let other: throw RuntimeError.wrongKind("repeat", other)
        }
    }

    private static func checkSize(_ unit: Int64, _ times: Int64) throws {
        let (total, overflow) = unit.multipliedReportingOverflow(by: times)
        if overflow || total > StandardLibrary.maxCollectionCount { throw RuntimeError.tooLarge("repeat", overflow ? .max : total) }
    }

    static func characters(of text: String) -> Value {
        var pieces: [Value] = []
        pieces.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { pieces.append(.string(String(scalar))) }
        return .list(pieces)
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    static func contains(_ needle: String, in haystack: String) -> Bool {
        needle.isEmpty || !occurrences(of: Array(needle.utf8), in: Array(haystack.utf8), limit: 1).isEmpty
    }

    /// Byte offsets of the non-overlapping occurrences of a non-empty needle, left to right.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8], limit: Int = .max) -> [Int] {
        var found: [Int] = []
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                forEachOccurrence(of: pin, in: hay) { match in
                    found.append(match)
                    return found.count < limit
                }
            }
        }
        return found
    }

    /// Calls `body` with the start of each non-overlapping occurrence, left to right, until it
    /// returns false. An empty needle occurs nowhere.
    @inline(__always)
    static func forEachOccurrence(of pin: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        let n = pin.count, h = hay.count
        guard n > 0, n <= h else { return }
        let first = pin[0], lastStart = h - n
        var k = 0
        search: while k <= lastStart {
            if hay[k] != first { k += 1; continue }
            var j = 1
            while j < n {
                if hay[k + j] != pin[j] { k += 1; continue search }
                j += 1
            }
            if !body(k) { return }
            k += n
        }
    }
}
