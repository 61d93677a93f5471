import AuraDiagnostics

/// Decides where a missing closing delimiter belongs, using indentation: a construct opened on a
/// line ends before the next non-blank line indented no deeper than that line. That is where a
/// human would put the closer, and where the diagnostic's fix inserts it.
struct UnclosedRepair {
    let offset: UInt32
    let closer: TokenKind

    /// One repair per unclosed opener, in insertion order; diagnostics for the first
    /// `maxDiagnostics` openers in source order (kept apart: a million inline `Diagnostic?`
    /// would be hundreds of megabytes), and how many went unreported.
    ///
    /// Linear in the file (plus a sort): line facts are computed once, and "the next line
    /// indented no deeper than the opener's" is answered for every opener line in one
    /// backward sweep with a monotonic stack — scanning forward from each opener was
    /// quadratic for a million `(` or for deeply indented unclosed lines.
    static func plan(file: SourceFile, tokens: [Token], unclosed: [(opener: Int32, closedBefore: UInt32?)],
                     maxDiagnostics: Int = DiagnosticLimit.perFile) -> (repairs: [UnclosedRepair], diagnostics: [Diagnostic], hidden: Int) {
        let lines = LineFacts(file)
        let openerLines = unclosed.map { file.lineIndex(of: tokens[Int($0.opener)].start) }
        let endLines = lines.nextNoDeeper(for: openerLines)
        // Diagnostics for the first openers in source order only.
        let reported = Set(unclosed.map(\.opener).sorted().prefix(maxDiagnostics))
        var contentEnds: [Int: UInt32] = [:]
        func contentEndOf(_ line: Int) -> UInt32 {
            if let known = contentEnds[line] { return known }
            let end = contentEnd(file, line)
            contentEnds[line] = end
            return end
        }
        var repairs: [UnclosedRepair] = []
        repairs.reserveCapacity(unclosed.count)
        var diagnostics: [Diagnostic] = []
        for (index, (openerIndex, closedBefore)) in unclosed.enumerated() {
            let opener = tokens[Int(openerIndex)]
            let kind = opener.kind.closer
            let line = openerLines[index]
            let indent = lines.indent[line]
            let endLine = endLines[index]
            let lastContent = max(line, lines.lastNonBlank(before: endLine ?? file.lineCount))
            let lastEnd = contentEndOf(lastContent)
            var offset = lastEnd
            if let closedBefore, closedBefore < offset { offset = closedBefore }
            if offset < opener.end { offset = opener.end }
            repairs.append(UnclosedRepair(offset: offset, closer: kind))
            guard reported.contains(openerIndex) else { continue }
            let replacement: String
            if kind == .rBrace && offset == lastEnd && lastContent != line {
                replacement = "\n" + String(repeating: " ", count: indent) + "}"
            } else {
                replacement = kind.spelling.trimmingBackticks
            }
            let atTopLevel = endLine.map { lines.indent[$0] == 0 } ?? true
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
            diagnostics.append(diagnostic)
        }
        // Inner delimiters close first when two closers land on the same offset.
        let ordered = repairs.enumerated().sorted { a, b in
            a.element.offset != b.element.offset ? a.element.offset < b.element.offset
                : tokens[Int(unclosed[a.offset].opener)].start > tokens[Int(unclosed[b.offset].opener)].start
        }.map(\.element)
        return (ordered, diagnostics, unclosed.count - reported.count)
    }

    /// Per-line facts the plan needs, each computed once from the line's leading bytes.
    struct LineFacts {
        var indent: [Int]
        /// Blank or comment-only.
        var blank: [Bool]
        /// Starts with `|` or `.`: continues the previous line's expression.
        var continuation: [Bool]
        /// Last non-blank line before each line (-1 for none), and overall.
        var previousNonBlank: [Int]
        var lastNonBlankLine: Int

        init(_ file: SourceFile) {
            let count = file.lineCount
            indent = [Int](repeating: 0, count: count)
            blank = [Bool](repeating: true, count: count)
            continuation = [Bool](repeating: false, count: count)
            previousNonBlank = [Int](repeating: -1, count: count)
            var last = -1
            for line in 0..<count {
                previousNonBlank[line] = last
                var width = 0
                for index in file.lineByteRange(line) {
                    let b = file.bytes[index]
                    if b == 0x20 { width += 1; continue }
                    if b == 0x09 { width += 4; continue }
                    blank[line] = b == UInt8(ascii: "#")
                    continuation[line] = b == UInt8(ascii: "|") || b == UInt8(ascii: ".")
                    break
                }
                indent[line] = width
                if !blank[line] { last = line }
            }
            lastNonBlankLine = last
        }

        func lastNonBlank(before line: Int) -> Int {
            line >= previousNonBlank.count ? lastNonBlankLine : previousNonBlank[line]
        }

        /// For each query line, the first later line that is not blank, not a continuation and
        /// indented no deeper (nil: none before the end of the file).
        func nextNoDeeper(for queries: [Int]) -> [Int?] {
            var byLine: [Int: [Int]] = [:]
            for (index, line) in queries.enumerated() { byLine[line, default: []].append(index) }
            var answers = [Int?](repeating: nil, count: queries.count)
            // Candidate lines below the sweep point; indentation strictly increases to the top,
            // and the top is the nearest.
            var stack: [Int] = []
            var line = indent.count - 1
            while line >= 0 {
                if let asking = byLine[line] {
                    let depth = indent[line]
                    // The candidates indented no deeper form a prefix of the stack: its last is nearest.
                    var low = 0, high = stack.count
                    while low < high {
                        let mid = (low + high) / 2
                        if indent[stack[mid]] <= depth { low = mid + 1 } else { high = mid }
                    }
                    let answer = low > 0 ? stack[low - 1] : nil
                    for index in asking { answers[index] = answer }
                }
                if !blank[line] && !continuation[line] {
                    while let top = stack.last, indent[top] >= indent[line] { stack.removeLast() }
                    stack.append(line)
                }
                line -= 1
            }
            return answers
        }
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
