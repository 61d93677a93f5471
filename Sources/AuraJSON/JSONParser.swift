/// The one JSON parser of the package (the `+json` capability, model answers, API bodies):
/// strict RFC 8259 over UTF-8 bytes, no Foundation. Strict about syntax — a truncated or
/// malformed body is rejected, never half-read — and lenient about content (unknown members are
/// kept). Objects keep their members in document order; integers without fraction or exponent
/// are `.integer` (`.number` beyond 64 bits), other numbers `.number`.
public struct JSONParser {
    /// Why a text is not JSON: what was expected and found, at which byte offset.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        /// `expected ':' after an object key`
        public let expected: String
        /// `'x'`, `byte 0x1F` or `the end of the input`
        public let found: String

        public var description: String { "malformed JSON at byte \(offset): \(expected), found \(found)" }
    }

    /// Deeper documents are rejected instead of exhausting the native stack.
    public static let maxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses a whole document: one value with optional surrounding whitespace.
    public static func parse(_ text: String) throws(Failure) -> JSON {
        var text = text
        // `withUTF8` rethrows untyped; the result carries the typed failure out.
        return try text.withUTF8 { buffer in Result { () throws(Failure) in try parse(buffer) } }.get()
    }

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
        try bytes.withUnsafeBufferPointer { buffer in Result { () throws(Failure) in try parse(buffer) } }.get()
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSON {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == buffer.count else { throw parser.failure("expected the end of the document") }
        return value
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(Failure) -> JSON {
        guard let byte = current else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("expected a value")
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw failure("nesting deeper than \(Self.maxDepth) levels") }
        position += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws(Failure) -> JSON {
        try enter()
        var members: [(String, JSON)] = []
        if current == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw failure("expected a string key in double quotes") }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after an object key") }
            position += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(members)
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray() throws(Failure) -> JSON {
        try enter()
        var items: [JSON] = []
        if current == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(items)
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(items)
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= bytes.count
            && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw failure("expected a value (`\(word)`?)") }
        position += count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func parseNumber() throws(Failure) -> JSON {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let lead = current, isDigit(lead) else { throw failure("expected a digit") }
        position += 1
        if lead == UInt8(ascii: "0") {
            if let next = current, isDigit(next) { throw failure("a number cannot have a leading zero") }
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let next = current, isDigit(next) else { throw failure("expected a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let next = current, isDigit(next) else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        if isInteger, let value = integer(text) { return .integer(value) }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            position = start
            throw failure("a number too large for a 64-bit float")
        }
        return .number(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { position += 1 }
    }

    /// The integer, or nil when it does not fit in 64 bits (it then becomes a float).
    private func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text[0] == UInt8(ascii: "-")
        var value: Int64 = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            // Accumulated negatively so that -9223372036854775808 fits.
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(byte &- 0x30))
            if o1 || o2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// A string literal; the fast path copies runs without escapes straight from the input.
    private mutating func parseString() throws(Failure) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character must be escaped in a string") }
            position += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            case ..<0x20:
                throw failure("a control character must be escaped in a string")
            default:
                out.append(byte)
                position += 1
            }
        }
        throw failure("expected '\"' to close the string")
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(Failure) {
        position += 1
        guard let kind = current else { throw failure("expected an escape character after '\\'") }
        let simple: UInt8?
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = kind
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default: throw failure("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u")
        }
        if let simple {
            out.append(simple)
            position += 1
            return
        }
        let escapeStart = position - 1
        var scalar = try hexQuad()
        if (0xD800...0xDBFF).contains(scalar) {
            // A high surrogate must be followed by an escaped low surrogate.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                position = escapeStart
                throw failure("a \\u high surrogate must be followed by a \\u low surrogate")
            }
            position += 1
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else {
                position = escapeStart
                throw failure("a \\u high surrogate must be followed by a \\u low surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            position = escapeStart
            throw failure("a \\u low surrogate without a high surrogate before it")
        }
        out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
    }

    /// `u` and four hex digits; leaves `position` after them.
    private mutating func hexQuad() throws(Failure) -> UInt32 {
        position += 1
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw failure("expected four hex digits after \\u") }
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw failure("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A failure at the current byte offset, naming what was found there.
    private func failure(_ expected: String) -> Failure {
        let found: String
        if let byte = current {
            found = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
        } else {
            found = "the end of the input"
        }
        return Failure(offset: position, expected: expected, found: found)
    }
}
