/// A tiny streaming JSON writer with deterministic key order (no Foundation needed,
/// and golden tests stay stable).
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

    /// JSON string literal with the escapes RFC 8259 requires.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
