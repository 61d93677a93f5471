import AuraDiagnostics

extension Lexer {
    mutating func lexPunctuation(at pos: Int) -> Int {
        let bytes = file.bytes
        let b = bytes[pos]
        let next: UInt8 = pos + 1 < bytes.count ? bytes[pos + 1] : 0
        switch b {
        case UInt8(ascii: "("): openDelimiter(.lParen, pos); return pos + 1
        case UInt8(ascii: "["): openDelimiter(.lBracket, pos); return pos + 1
        case UInt8(ascii: "{"): openDelimiter(.lBrace, pos); return pos + 1
        case UInt8(ascii: ")"): return closeDelimiter(.rParen, pos)
        case UInt8(ascii: "]"): return closeDelimiter(.rBracket, pos)
        case UInt8(ascii: "}"): return closeDelimiter(.rBrace, pos)
        case UInt8(ascii: ","): emit(.comma, pos, pos + 1); return pos + 1
        case UInt8(ascii: ";"): emit(.semicolon, pos, pos + 1); return pos + 1
        case UInt8(ascii: "@"): emit(.at, pos, pos + 1); return pos + 1
        case UInt8(ascii: "+"): emit(.plus, pos, pos + 1); return pos + 1
        case UInt8(ascii: "*"): emit(.star, pos, pos + 1); return pos + 1
        case UInt8(ascii: "/"): emit(.slash, pos, pos + 1); return pos + 1
        case UInt8(ascii: "%"): emit(.percent, pos, pos + 1); return pos + 1
        case UInt8(ascii: ":"): emit(.colon, pos, pos + 1); return pos + 1
        case UInt8(ascii: "|"):
            continuePipelineLine()
            emit(.pipe, pos, pos + 1); return pos + 1
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") { emit(.dotDot, pos, pos + 2); return pos + 2 }
            continuePipelineLine()
            emit(.dot, pos, pos + 1); return pos + 1
        case UInt8(ascii: "?"):
            if next == UInt8(ascii: "?") { emit(.questionQuestion, pos, pos + 2); return pos + 2 }
            emit(.question, pos, pos + 1); return pos + 1
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: ">") {
                if pos + 2 < bytes.count, bytes[pos + 2] == UInt8(ascii: "!") { emit(.arrowBang, pos, pos + 3); return pos + 3 }
                emit(.arrow, pos, pos + 2); return pos + 2
            }
            emit(.minus, pos, pos + 1); return pos + 1
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { emit(.equal, pos, pos + 2); return pos + 2 }
            if next == UInt8(ascii: ">") { emit(.fatArrow, pos, pos + 2); return pos + 2 }
            emit(.assign, pos, pos + 1); return pos + 1
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { emit(.notEqual, pos, pos + 2); return pos + 2 }
            error(.unexpectedCharacter, "unexpected `!`", pos, pos + 1, label: "`!` belongs directly after a function name",
                  help: ["effectful calls are written `name!(...)` with no space; negation is `not x`"])
            emit(.error, pos, pos + 1); return pos + 1
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { emit(.lessEqual, pos, pos + 2); return pos + 2 }
            emit(.less, pos, pos + 1); return pos + 1
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { emit(.greaterEqual, pos, pos + 2); return pos + 2 }
            emit(.greater, pos, pos + 1); return pos + 1
        default:
            let width = min(StringDecoding.scalarWidth(b), bytes.count - pos)
            let shown = String(decoding: bytes[pos..<pos + width], as: UTF8.self)
            var help: [String] = []
            if b == UInt8(ascii: "&") { help.append("logical and is written `and`") }
            if b == UInt8(ascii: "'") { help.append("strings use double quotes: \"text\"") }
            error(.unexpectedCharacter, "unexpected character `\(shown)`", pos, pos + width, label: "not valid here", help: help)
            emit(.error, pos, pos + width)
            return pos + width
        }
    }

    /// A line that starts with `|` or `.` continues the previous expression.
    private mutating func continuePipelineLine() {
        if let last = tokens.last, last.kind == .newline { tokens.removeLast() }
    }

    mutating func openDelimiter(_ kind: TokenKind, _ pos: Int) {
        emit(kind, pos, pos + 1)
        stack.append(Int32(tokens.count - 1))
        openCounts[kind.delimiterSlot] += 1
    }

    /// Pops the innermost opener (a bracket, never a string interpolation).
    private mutating func popOpener() {
        if let top = stack.popLast(), tokens[Int(top)].kind.isOpener { openCounts[tokens[Int(top)].kind.delimiterSlot] -= 1 }
    }

    /// Matches a closer with the innermost opener. A `}` that ends a string interpolation resumes
    /// the string. Mismatches are reported and repaired so the parser sees balanced groups.
    mutating func closeDelimiter(_ kind: TokenKind, _ pos: Int) -> Int {
        if kind == .rBrace, let top = stack.last, tokens[Int(top)].kind == .stringStart || tokens[Int(top)].kind == .stringMiddle {
            stack.removeLast()
            return lexString(from: pos, opening: false)
        }
        guard let top = stack.last else {
            error(.mismatchedDelimiter, "unexpected closing \(kind.spelling)", pos, pos + 1, label: "nothing is open here",
                  fixes: [Fix(message: "remove the stray \(kind.spelling)", edits: [TextEdit(span: Span(file: file.id, start: UInt32(pos), end: UInt32(pos + 1)), replacement: "")], applicability: .maybe)])
            return pos + 1
        }
        let topKind = tokens[Int(top)].kind
        if topKind.isOpener, topKind.closer == kind {
            popOpener()
            emit(kind, pos, pos + 1)
            pair(top)
            return pos + 1
        }
        // Does it close something further out? Then the inner openers were never closed. The
        // count says whether one is open at all: without it, a run of stray closers would scan
        // the whole stack each (quadratic in the input); with it, each scanned entry is popped.
        if openCounts[kind.openerSlotClosed] > 0,
           let depth = stack.lastIndex(where: { tokens[Int($0)].kind.isOpener && tokens[Int($0)].kind.closer == kind }) {
            for inner in stack[(depth + 1)...].reversed() where tokens[Int(inner)].kind.isOpener {
                unclosed.append((inner, UInt32(pos)))
            }
            let outer = stack[depth]
            for entry in stack[depth...] where tokens[Int(entry)].kind.isOpener { openCounts[tokens[Int(entry)].kind.delimiterSlot] -= 1 }
            stack.removeSubrange(depth...)
            emit(kind, pos, pos + 1)
            pair(outer)
            return pos + 1
        }
        // A wrong closer for the innermost opener: read it as the right one.
        let opener = tokens[Int(top)]
        if hasRoomForDiagnostics {
            // `location` counts characters from the line start: only for diagnostics kept.
            let (line, column) = file.location(of: opener.start)
            error(.mismatchedDelimiter, "mismatched closing delimiter: expected \(topKind.closer.spelling), found \(kind.spelling)", pos, pos + 1,
                  label: "does not match \(topKind.spelling) at \(line):\(column)",
                  fixes: [Fix(message: "replace \(kind.spelling) with \(topKind.closer.spelling)",
                              edits: [TextEdit(span: Span(file: file.id, start: UInt32(pos), end: UInt32(pos + 1)), replacement: topKind.closer.spelling.trimmingBackticks)],
                              applicability: .maybe)])
        } else {
            suppressedDiagnostics += 1
        }
        popOpener()
        emit(topKind.closer, pos, pos + 1)
        pair(top)
        return pos + 1
    }

    private mutating func pair(_ opener: Int32) {
        let closer = Int32(tokens.count - 1)
        tokens[Int(opener)].partner = closer
        tokens[Int(closer)].partner = opener
    }

    /// Second pass: a zero-width closer where the repair plan put it.
    mutating func insertVirtualCloser(_ kind: TokenKind, at offset: Int) {
        guard let top = stack.last, tokens[Int(top)].kind.isOpener, tokens[Int(top)].kind.closer == kind else { return }
        if kind == .rBrace, let last = tokens.last, last.kind != .newline, !last.kind.continuesLine {
            emit(.newline, offset, offset)
        }
        popOpener()
        emit(kind, offset, offset)
        pair(top)
    }
}

extension TokenKind {
    /// 0, 1, 2 for `(`, `[`, `{` (index into `Lexer.openCounts`).
    var delimiterSlot: Int { self == .lParen ? 0 : self == .lBracket ? 1 : 2 }
    /// The slot of the opener this closer closes.
    var openerSlotClosed: Int { self == .rParen ? 0 : self == .rBracket ? 1 : 2 }
}

extension String {
    var trimmingBackticks: String { filter { $0 != "`" } }
}
