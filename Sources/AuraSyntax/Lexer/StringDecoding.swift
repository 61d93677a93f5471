/// Decodes the text of string tokens (escapes already validated by the lexer).
public enum StringDecoding {
    /// Decodes bytes between the quotes / interpolation markers of a string token.
    public static func decode(_ bytes: [UInt8], from start: Int, to end: Int) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var pos = start
        while pos < end {
            let b = bytes[pos]
            if b != UInt8(ascii: "\\") || pos + 1 >= end {
                output.append(b)
                pos += 1
                continue
            }
            let next = bytes[pos + 1]
            switch next {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "0"): output.append(0x00)
            case UInt8(ascii: "u"):
                if let (scalar, after) = unicodeEscape(bytes, pos) {
                    output.append(contentsOf: Array(String(Character(scalar)).utf8))
                    pos = after
                    continue
                }
                output.append(next)
            default: output.append(next) // \\ \" \$ and (already reported) unknown escapes
            }
            pos += 2
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Parses `\u{XXXX}` starting at the backslash; returns the scalar and the offset after `}`.
    static func unicodeEscape(_ bytes: [UInt8], _ backslash: Int) -> (Unicode.Scalar, Int)? {
        var pos = backslash + 2
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "{") else { return nil }
        pos += 1
        var value: UInt32 = 0
        var digits = 0
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "}") {
            guard digits < 6, let digit = hexValue(bytes[pos]) else { return nil }
            value = value * 16 + digit
            digits += 1
            pos += 1
        }
        guard pos < bytes.count, digits > 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, pos + 1)
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - 0x41 + 10)
        default: return nil
        }
    }

    /// Bytes in the UTF-8 sequence that starts with `lead` (1 for invalid leads, so callers advance).
    static func scalarWidth(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >> 5 == 0b110 { return 2 }
        if lead >> 4 == 0b1110 { return 3 }
        if lead >> 3 == 0b11110 { return 4 }
        return 1
    }
}
