import AuraDiagnostics

extension Parser {
    mutating func parsePrimary() -> ExprID {
        let token = current
        switch kind {
        case .int:
            advance()
            let value = IntegerLiteral.value(bytes, Int(token.start), Int(token.end)) ?? 0
            return add(.int(value), span(token))
        case .float:
            advance()
            let digits = text(token).filter { $0 != "_" }
            return add(.float(Double(digits) ?? 0), span(token))
        case .string:
            advance()
            let end = Int(token.end) - (token.end > token.start + 1 && bytes[Int(token.end) - 1] == UInt8(ascii: "\"") ? 1 : 0)
            let value = StringDecoding.decode(bytes, from: Int(token.start) + 1, to: end)
            return add(.string(addString(value)), span(token))
        case .stringStart:
            return parseInterpolation()
        case .kwTrue: advance(); return add(.bool(true), span(token))
        case .kwFalse: advance(); return add(.bool(false), span(token))
        case .kwNone: advance(); return add(.none, span(token))
        case .identifier:
            advance()
            return add(.name(symbol(token)), span(token))
        case .placeholder:
            advance()
            if inArgument {
                sawPlaceholder = true
            } else {
                let saved = recovering
                recovering = false
                report(.misplacedPlaceholder, "`_` can only stand for an argument inside a call", at: span(token),
                       label: "not inside a call argument",
                       help: ["write a lambda instead: `x => ...`", "in a call, `filter(_.active)` means `filter(it => it.active)`"])
                recovering = saved
            }
            return add(.placeholder, span(token))
        case .lParen:
            advance()
            let saved = noRecordLiteral
            noRecordLiteral = false
            let inner = parseExpression()
            noRecordLiteral = saved
            if !accept(.rParen) {
                expected("`)`", context: "expected `)` to close the parenthesis")
                jumpTo(token)
            }
            return inner
        case .lBracket:
            return parseList()
        case .lBrace:
            return parseBlockOrMap()
        case .kwIf:
            return parseIf()
        case .kwMatch:
            return parseMatch()
        case .kwFor, .kwWhile, .kwVar:
            expected("an expression", help: ["`\(text(token))` is a statement; use it inside a block `{ ... }`"])
            return add(.error, span(token))
        case .error:
            advance()
            recovering = true
            return add(.error, span(token))
        default:
            expected("an expression")
            return add(.error, span(token))
        }
    }

    /// `"a ${x} b"`: literal pieces become string nodes between the expressions.
    mutating func parseInterpolation() -> ExprID {
        let start = current.start
        var parts: [ExprID] = []
        let first = current
        addPiece(from: Int(first.start) + 1, to: Int(first.end) - 2, into: &parts)
        advance()
        while true {
            let saved = noRecordLiteral
            noRecordLiteral = false
            parts.append(parseExpression())
            noRecordLiteral = saved
            let piece = current
            if kind == .stringMiddle {
                addPiece(from: Int(piece.start) + 1, to: Int(piece.end) - 2, into: &parts)
                advance()
                continue
            }
            if kind == .stringEnd {
                let closed = piece.end > piece.start + 1 && bytes[Int(piece.end) - 1] == UInt8(ascii: "\"")
                addPiece(from: Int(piece.start) + 1, to: Int(piece.end) - (closed ? 1 : 0), into: &parts)
                advance()
                break
            }
            expected("`}`", context: "expected `}` to end the interpolation")
            while kind != .stringEnd && kind != .eof && kind != .newline { advance() }
            if kind == .stringEnd { advance() }
            break
        }
        return add(.interpolation(list(parts)), span(from: start), over: parts)
    }

    private mutating func addPiece(from: Int, to: Int, into parts: inout [ExprID]) {
        guard to > from else { return }
        let value = StringDecoding.decode(bytes, from: from, to: to)
        parts.append(add(.string(addString(value)), Span(file: tree.file.id, start: UInt32(from), end: UInt32(to))))
    }

    mutating func parseList() -> ExprID {
        let open = current
        advance()
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        var items: [ExprID] = []
        while kind != .rBracket && kind != .eof {
            items.append(parseExpression())
            if recovering { break }
            if !accept(.comma) { break }
        }
        if !accept(.rBracket) {
            expected("`,` or `]`", context: "expected `]` to close the list")
            jumpTo(open)
        }
        return add(.list(list(items)), span(from: open.start), over: items)
    }
}
