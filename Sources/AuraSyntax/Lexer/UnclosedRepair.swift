import AuraDiagnostics

/// Decides where a missing closing delimiter belongs, using indentation: a construct opened on a
/// line ends before the next non-blank line indented no deeper than that line. That is where a
/// human would put the closer, and where the diagnostic's fix inserts it.
struct UnclosedRepair {
    let offset: UInt32
    let closer: TokenKind
    let diagnostic: Diagnostic

    static func plan(file: SourceFile, tokens: [Token], unclosed: [(opener: Int32, closedBefore: UInt32?)]) -> [UnclosedRepair] {
        var repairs: [UnclosedRepair] = []
        for (openerIndex, closedBefore) in unclosed {
            let opener = tokens[Int(openerIndex)]
            let kind = opener.kind.closer
            let line = file.lineIndex(of: opener.start)
            let indent = indentation(file, line)
            var endLine: Int? = nil
            var lastContent = line
            var next = line + 1
            while next < file.lineCount {
                if !isBlank(file, next) {
                    if indentation(file, next) <= indent, !startsWithContinuation(file, next) { endLine = next; break }
                    lastContent = next
                }
                next += 1
            }
            var offset = contentEnd(file, lastContent)
            if let closedBefore, closedBefore < offset { offset = closedBefore }
            if offset < opener.end { offset = opener.end }
            let replacement: String
            if kind == .rBrace && offset == contentEnd(file, lastContent) && lastContent != line {
                replacement = "\n" + String(repeating: " ", count: indent) + "}"
            } else {
                replacement = kind.spelling.trimmingBackticks
            }
            let atTopLevel = endLine.map { indentation(file, $0) == 0 } ?? true
            let applicability: Applicability = (kind != .rBrace || atTopLevel) ? .safe : .maybe
            let (openLine, openColumn) = file.location(of: opener.start)
            let diagnostic = Diagnostic(
                code: .unclosedDelimiter,
                message: "unclosed \(opener.kind.spelling)",
                primary: Label(Span(file: file.id, start: opener.start, end: opener.end), "this \(opener.kind.spelling) is never closed"),
                secondary: [Label(.point(file.id, offset), "expected \(kind.spelling) here")],
                notes: ["the delimiter opened at \(openLine):\(openColumn) must be closed before the construct ends"],
                fixes: [Fix(message: "insert the missing \(kind.spelling)",
                            edits: [TextEdit(span: .point(file.id, offset), replacement: replacement)],
                            applicability: applicability)])
            repairs.append(UnclosedRepair(offset: offset, closer: kind, diagnostic: diagnostic))
        }
        // Inner delimiters close first when two closers land on the same offset.
        return repairs.enumerated().sorted { a, b in
            a.element.offset != b.element.offset ? a.element.offset < b.element.offset
                : tokens[Int(unclosed[a.offset].opener)].start > tokens[Int(unclosed[b.offset].opener)].start
        }.map(\.element)
    }

    static func indentation(_ file: SourceFile, _ line: Int) -> Int {
        var count = 0
        for index in file.lineByteRange(line) {
            let b = file.bytes[index]
            if b == 0x20 { count += 1 } else if b == 0x09 { count += 4 } else { break }
        }
        return count
    }

    static func isBlank(_ file: SourceFile, _ line: Int) -> Bool {
        for index in file.lineByteRange(line) {
            let b = file.bytes[index]
            if b == 0x20 || b == 0x09 { continue }
            return b == UInt8(ascii: "#")
        }
        return true
    }

    static func startsWithContinuation(_ file: SourceFile, _ line: Int) -> Bool {
        for index in file.lineByteRange(line) {
            let b = file.bytes[index]
            if b == 0x20 || b == 0x09 { continue }
            return b == UInt8(ascii: "|") || b == UInt8(ascii: ".")
        }
        return false
    }

    /// Offset just after the last code byte of a line (before a trailing comment and spaces).
    static func contentEnd(_ file: SourceFile, _ line: Int) -> UInt32 {
        let range = file.lineByteRange(line)
        var inString = false
        var end = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            let b = file.bytes[index]
            if b == UInt8(ascii: "\"") { inString.toggle() }
            if b == UInt8(ascii: "\\"), inString { index += 2; end = min(index, range.upperBound); continue }
            if b == UInt8(ascii: "#"), !inString { break }
            if b != 0x20, b != 0x09 { end = index + 1 }
            index += 1
        }
        return UInt32(end)
    }
}
