import AuraDiagnostics

extension Lexer {
    /// Integers `42`, `1_000_000`, `0xFF`; floats `3.14`, `2.0e-3`. `1..5` is a range, not a float.
    mutating func lexNumber(at start: Int) -> Int {
        let bytes = file.bytes
        var pos = start
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
        if bytes[pos] == UInt8(ascii: "0"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "x") || bytes[pos + 1] == UInt8(ascii: "X") {
            pos += 2
            let digits = pos
            while pos < bytes.count, isHex(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
            pos = consumeTrailingWordBytes(pos)
            if pos == digits || !IntegerLiteral.isValid(bytes, start, pos) {
                error(.invalidNumber, "invalid hexadecimal literal `\(file.text(UInt32(start), UInt32(pos)))`", start, pos, label: "not a valid hexadecimal integer")
                emit(.error, start, pos)
            } else {
                emit(.int, start, pos)
            }
            return pos
        }
        while pos < bytes.count, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
        var isFloat = false
        if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "."), isDigit(bytes[pos + 1]) {
            isFloat = true
            pos += 1
            while pos < bytes.count, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            var look = pos + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < bytes.count, isDigit(bytes[look]) {
                isFloat = true
                pos = look
                while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
            }
        }
        let end = consumeTrailingWordBytes(pos)
        if end != pos || bytes[end - 1] == UInt8(ascii: "_") {
            error(.invalidNumber, "invalid number literal `\(file.text(UInt32(start), UInt32(end)))`", start, end,
                  label: end != pos ? "a number cannot be followed by letters" : "a number cannot end with `_`")
            emit(.error, start, end)
            return end
        }
        if !isFloat, !IntegerLiteral.isValid(bytes, start, pos) {
            error(.invalidNumber, "integer literal `\(file.text(UInt32(start), UInt32(pos)))` is too large", start, pos,
                  label: "does not fit in a 64-bit signed integer", help: ["the largest integer is 9223372036854775807; use a float for larger values"])
            emit(.error, start, pos)
            return pos
        }
        emit(isFloat ? .float : .int, start, pos)
        return pos
    }

    private func consumeTrailingWordBytes(_ from: Int) -> Int {
        var pos = from
        let bytes = file.bytes
        while pos < bytes.count {
            let b = bytes[pos]
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F { pos += 1 } else { break }
        }
        return pos
    }

    /// Lexes string text from an opening `"` (or from the `}` that closes an interpolation) up to
    /// the closing `"` or the next `${`. Escapes are validated here and decoded by the parser.
    mutating func lexString(from start: Int, opening: Bool) -> Int {
        let bytes = file.bytes
        var pos = start + 1
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                emit(opening ? .string : .stringEnd, start, pos + 1)
                return pos + 1
            }
            if b == 0x0A { break }
            if b == UInt8(ascii: "\\") {
                pos = validateEscape(at: pos)
                continue
            }
            if b == UInt8(ascii: "$"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "{") {
                emit(opening ? .stringStart : .stringMiddle, start, pos + 2)
                stack.append(Int32(tokens.count - 1))
                return pos + 2
            }
            pos += 1
        }
        let quote = opening ? start : findOpeningQuote(before: start)
        if let close = closeBeforeClosers(quote: quote, lineEnd: trimmedLineEnd(pos)), close >= start {
            // `print!("hello)`: the `)` closes the call opened on this line, so the string ends
            // before it; lexing resumes at the closers, and the `(` is not reported unclosed.
            var closersEnd = close
            while closersEnd < pos, [UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09].contains(file.bytes[closersEnd]) { closersEnd += 1 }
            let closers = file.text(UInt32(close), UInt32(trimmedLineEnd(closersEnd)))
            error(.unterminatedString, "unterminated string literal", quote, quote + 1, label: "this string is never closed",
                  help: ["add a closing `\"` before `\(closers)`"],
                  fixes: [Fix(message: "close the string before `\(closers)`",
                              edits: [TextEdit(span: .point(file.id, UInt32(close)), replacement: "\"")],
                              applicability: .maybe, rule: "close-string-before-closers")])
            emit(opening ? .string : .stringEnd, start, close)
            return close
        }
        error(.unterminatedString, "unterminated string literal", quote, quote + 1, label: "this string is never closed",
              help: ["add a closing `\"` before the end of the line"],
              fixes: [Fix(message: "close the string at the end of the line",
                          edits: [TextEdit(span: .point(file.id, UInt32(trimmedLineEnd(pos))), replacement: "\"")],
                          applicability: .maybe)])
        emit(opening ? .string : .stringEnd, start, pos)
        return pos
    }

    /// Where an unterminated string evidently ends: before the closers that end its line (or
    /// come before a ` # comment`), when they close, innermost first, delimiters opened earlier
    /// on the same line (`print!("a)`, `f(["a])`). Nil when the line does not end that way.
    private func closeBeforeClosers(quote: Int, lineEnd: Int) -> Int? {
        var lineStart = quote
        while lineStart > 0, file.bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        // Delimiters opened earlier on this line, innermost first (lazily: the stack may be deep).
        let openers = Array(stack.reversed().lazy.map { self.tokens[Int($0)] }.prefix { $0.kind.isOpener && Int($0.start) >= lineStart }.prefix(16).map(\.kind.closer))
        guard !openers.isEmpty else { return nil }
        if let close = closeBeforeClosers(quote: quote, end: lineEnd, openers: openers) { return close }
        var index = quote + 1
        while index < lineEnd {
            if file.bytes[index] == UInt8(ascii: "#"), file.bytes[index - 1] == 0x20 || file.bytes[index - 1] == 0x09,
               let close = closeBeforeClosers(quote: quote, end: index, openers: openers) {
                return close
            }
            index += 1
        }
        return nil
    }

    private func closeBeforeClosers(quote: Int, end lineEnd: Int, openers: [TokenKind]) -> Int? {
        let bytes = file.bytes
        // The closers ending the line, in source order, with their offsets.
        var run: [(kind: TokenKind, offset: Int)] = []
        var cursor = lineEnd
        while cursor > quote + 1, run.count < openers.count {
            let b = bytes[cursor - 1]
            if b == 0x20 || b == 0x09 { cursor -= 1; continue }
            let kind: TokenKind? = b == UInt8(ascii: ")") ? .rParen : b == UInt8(ascii: "]") ? .rBracket : b == UInt8(ascii: "}") ? .rBrace : nil
            guard let kind else { break }
            run.append((kind, cursor - 1))
            cursor -= 1
        }
        run.reverse()
        // The longest tail of the run that closes the line's openers in order (`"smile :))` keeps
        // one `)` in the string when only one `(` is open).
        for first in run.indices {
            let tail = run[first...]
            if tail.count <= openers.count, zip(tail, openers).allSatisfy({ $0.kind == $1 }) { return tail.first!.offset }
        }
        return nil
    }

    private func findOpeningQuote(before offset: Int) -> Int {
        var pos = offset
        while pos > 0, file.bytes[pos] != UInt8(ascii: "\"") { pos -= 1 }
        return pos
    }

    private func trimmedLineEnd(_ pos: Int) -> Int {
        var end = pos
        while end > 0, file.bytes[end - 1] == 0x0D || file.bytes[end - 1] == 0x20 || file.bytes[end - 1] == 0x09 { end -= 1 }
        return end
    }

    private mutating func validateEscape(at pos: Int) -> Int {
        let bytes = file.bytes
        guard pos + 1 < bytes.count else { return pos + 1 }
        switch bytes[pos + 1] {
        case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: "0"):
            return pos + 2
        case UInt8(ascii: "u"):
            if let (_, end) = StringDecoding.unicodeEscape(bytes, pos) { return end }
            error(.invalidEscape, "invalid unicode escape", pos, min(pos + 2, bytes.count), label: "expected `\\u{XXXX}` with 1 to 6 hex digits naming a valid character")
            return pos + 2
        case 0x0A:
            error(.invalidEscape, "invalid escape sequence `\\` at end of line", pos, pos + 1, label: "strings cannot span lines")
            return pos + 1
        default:
            let width = StringDecoding.scalarWidth(bytes[pos + 1])
            let shown = file.text(UInt32(pos), UInt32(min(pos + 1 + width, bytes.count)))
            error(.invalidEscape, "invalid escape sequence `\(shown)`", pos, min(pos + 1 + width, bytes.count),
                  label: "unknown escape", help: ["valid escapes are \\n \\t \\r \\\\ \\\" \\$ \\0 and \\u{XXXX}; write `\\\\` for a backslash"])
            return min(pos + 1 + width, bytes.count)
        }
    }
}

/// Range checks for integer literals without allocating.
enum IntegerLiteral {
    static func isValid(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool { value(bytes, start, end) != nil }

    /// The value of a decimal or `0x` literal (underscores ignored), or nil when it overflows.
    static func value(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int64? {
        var result: Int64 = 0
        var pos = start
        var radix: Int64 = 10
        if end - start > 2, bytes[start] == UInt8(ascii: "0"), bytes[start + 1] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            pos += 2
        }
        var sawDigit = false
        while pos < end {
            let b = bytes[pos]
            pos += 1
            if b == UInt8(ascii: "_") { continue }
            let digit: Int64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int64(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int64(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int64(b - 0x41 + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (m, o1) = result.multipliedReportingOverflow(by: radix)
            let (s, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            result = s
            sawDigit = true
        }
        return sawDigit ? result : nil
    }
}
