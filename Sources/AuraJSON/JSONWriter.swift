/// The streaming JSON writer every renderer and log uses: deterministic key order, no
/// Foundation, and one string escaper (`quoted`, `appendQuoted`) for every JSON the package writes.
public struct JSONWriter {
    public private(set) var output = ""
    private var needsComma: [Bool] = [false]

    public init() {}

    public mutating func beginObject() { value(); output += "{"; needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); output += "}" }
    public mutating func beginArray() { value(); output += "["; needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); output += "]" }

    /// Writes `"name":` inside an object; the next call writes its value.
    public mutating func key(_ name: String) {
        separator()
        output += JSONWriter.quoted(name) + ":"
        pendingValueAfterKey = true
    }

    public mutating func string(_ text: String) { value(); output += JSONWriter.quoted(text) }
    public mutating func int(_ number: Int) { value(); output += String(number) }
    public mutating func double(_ number: Double) { value(); output += number.isFinite ? String(number) : "null" }
    public mutating func bool(_ flag: Bool) { value(); output += flag ? "true" : "false" }
    public mutating func null() { value(); output += "null" }
    /// Inserts already-encoded JSON.
    public mutating func raw(_ json: String) { value(); output += json }

    public mutating func field(_ name: String, _ text: String) { key(name); string(text) }
    public mutating func field(_ name: String, _ number: Int) { key(name); int(number) }
    public mutating func field(_ name: String, _ flag: Bool) { key(name); bool(flag) }

    private var pendingValueAfterKey = false

    private mutating func value() {
        if pendingValueAfterKey { pendingValueAfterKey = false; return }
        separator()
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends the JSON string literal of `text` as UTF-8 (the `+json` capability's fast path).
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
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

    /// JSON string literal with the escapes RFC 8259 requires.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
