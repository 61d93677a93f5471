/// One statement's SQL as PostgreSQL will read it, scanned once: `?` placeholders rewritten to
/// `$1`, `$2`, … (SQLite's spelling works on both engines), the number of parameters the
/// statement expects, whether more SQL follows the first `;`, and its leading keywords.
///
/// `?` and `$n` inside string literals (`'…'`, `E'…'` with backslash escapes), quoted
/// identifiers (`"…"`), dollar-quoted strings (`$tag$…$tag$`) and comments (`--`, nested
/// `/* */`) are text, not placeholders. A statement that already uses `$n` keeps every `?` as
/// written: there it can only be one of the jsonb operators (`?`, `?|`, `?&`).
struct PostgresSQLText: Equatable {
    /// The SQL to send, placeholders numbered.
    var sql: String
    /// How many values the statement takes: the number of `?`, or the highest `$n`.
    var parameterCount: Int
    /// Whether anything but whitespace, comments and `;` follows the first top-level `;`.
    var hasMoreStatements: Bool
    /// The first words outside comments, upper-cased (at most five): `["COMMIT", "AND", "CHAIN"]`.
    var leadingWords: [String]

    init(_ source: String) {
        let bytes = Array(source.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var questionMarks: [Int] = []  // offsets into `output` where a `?` was copied
        var highestNumbered = 0
        var words: [String] = []
        var afterSemicolon = false
        var more = false
        var index = 0
        func isIdentifier(_ byte: UInt8) -> Bool {
            byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        /// Copies up to and including the closing `quote`; a doubled quote is an escaped one.
        func copyQuoted(_ quote: UInt8, backslashEscapes: Bool) {
            output.append(bytes[index])
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                output.append(byte)
                index += 1
                if backslashEscapes, byte == UInt8(ascii: "\\"), index < bytes.count {
                    output.append(bytes[index])
                    index += 1
                } else if byte == quote {
                    if index < bytes.count, bytes[index] == quote { output.append(quote); index += 1 } else { return }
                }
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let previous = index > 0 ? bytes[index - 1] : 0
            if byte == UInt8(ascii: "-"), next == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { output.append(bytes[index]); index += 1 }
                continue
            }
            if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                var depth = 0
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                        depth += 1; output += bytes[index...index + 1]; index += 2
                    } else if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                        depth -= 1; output += bytes[index...index + 1]; index += 2
                        if depth == 0 { break }
                    } else {
                        output.append(bytes[index]); index += 1
                    }
                }
                continue
            }
            if afterSemicolon, byte != UInt8(ascii: ";"), byte != UInt8(ascii: " "), byte != UInt8(ascii: "\n"),
               byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\r") {
                more = true
            }
            if byte == UInt8(ascii: "'") {
                // E'…' (and e'…') is an escape string: `\'` does not end it.
                let escape = (previous == UInt8(ascii: "E") || previous == UInt8(ascii: "e")) && (index < 2 || !isIdentifier(bytes[index - 2]))
                copyQuoted(byte, backslashEscapes: escape)
                continue
            }
            if byte == UInt8(ascii: "\"") {
                copyQuoted(byte, backslashEscapes: false)
                continue
            }
            if byte == UInt8(ascii: "$"), !isIdentifier(previous) || index == 0 {
                if isDigit(next) {
                    var end = index + 1
                    var number = 0
                    while end < bytes.count, isDigit(bytes[end]) { number = min(number * 10 + Int(bytes[end] - 48), 1_000_000); end += 1 }
                    highestNumbered = max(highestNumbered, number)
                    output += bytes[index..<end]
                    index = end
                    continue
                }
                // A dollar quote: `$$` or `$tag$`, the tag an identifier that does not start with a digit.
                var end = index + 1
                while end < bytes.count, isIdentifier(bytes[end]), bytes[end] != UInt8(ascii: "$") { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: "$") {
                    let tag = Array(bytes[index...end])
                    output += tag
                    index = end + 1
                    while index < bytes.count {
                        if bytes[index] == UInt8(ascii: "$"), index + tag.count <= bytes.count, Array(bytes[index..<index + tag.count]) == tag {
                            output += tag
                            index += tag.count
                            break
                        }
                        output.append(bytes[index])
                        index += 1
                    }
                    continue
                }
            }
            if byte == UInt8(ascii: "?") { questionMarks.append(output.count) }
            if byte == UInt8(ascii: ";") { afterSemicolon = true }
            if !afterSemicolon, words.count < 5, isIdentifier(byte), byte != UInt8(ascii: "$"), !isIdentifier(previous) || index == 0 {
                var end = index
                while end < bytes.count, isIdentifier(bytes[end]) { end += 1 }
                words.append(String(decoding: bytes[index..<end], as: UTF8.self).uppercased())
                output += bytes[index..<end]
                index = end
                continue
            }
            output.append(byte)
            index += 1
        }
        if highestNumbered > 0 || questionMarks.isEmpty {
            sql = String(decoding: output, as: UTF8.self)
            parameterCount = highestNumbered
        } else {
            var numbered: [UInt8] = []
            numbered.reserveCapacity(output.count + questionMarks.count * 2)
            var start = 0
            for (offset, mark) in questionMarks.enumerated() {
                numbered += output[start..<mark]
                numbered += Array("$\(offset + 1)".utf8)
                start = mark + 1
            }
            numbered += output[start...]
            sql = String(decoding: numbered, as: UTF8.self)
            parameterCount = questionMarks.count
        }
        hasMoreStatements = more
        leadingWords = words
    }
}
