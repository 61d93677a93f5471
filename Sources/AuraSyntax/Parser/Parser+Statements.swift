import AuraDiagnostics

extension Parser {
    /// A `{` in expression position: a block, or a map when the first item is followed by `:`.
    mutating func parseBlockOrMap() -> ExprID {
        let open = current
        if peek() == .colon, peek(2) == .rBrace {
            advance(); advance(); advance()
            return add(.map(.empty), span(from: open.start))
        }
        advance()
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        skipNewlines()
        if kind == .rBrace {
            advance()
            return add(.block(.empty), span(from: open.start))
        }
        if kind == .kwVar || kind == .kwFor || kind == .kwWhile || isReturnWord {
            return parseBlockStatements(open: open, first: nil)
        }
        let first = parseExpression()
        if kind == .colon { return parseMapEntries(open: open, firstKey: first) }
        return parseBlockStatements(open: open, first: finishStatement(first))
    }

    /// A block where a block is required (bodies of `if`, loops, tests).
    mutating func parseBlock() -> ExprID {
        let open = current
        guard kind == .lBrace else {
            expected("`{`", context: "expected a block `{ ... }`")
            return add(.error, span(current))
        }
        advance()
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        return parseBlockStatements(open: open, first: nil)
    }

    private mutating func parseBlockStatements(open: Token, first: ExprID?) -> ExprID {
        var statements: [ExprID] = []
        if let first {
            statements.append(first)
            endStatement()
        }
        while true {
            skipNewlines()
            if kind == .rBrace || kind == .eof { break }
            let before = pos
            statements.append(parseStatement())
            endStatement()
            if pos == before { advance() }
        }
        if !accept(.rBrace) {
            expected("`}`", context: "expected `}` to close the block")
        }
        return add(.block(list(statements)), span(from: open.start), over: statements)
    }

    private mutating func endStatement() {
        if recovering { synchronizeStatement(); return }
        if kind != .newline && kind != .semicolon && kind != .rBrace && kind != .eof {
            expected("end of statement", context: "a statement ends here",
                     help: ["separate statements with a new line or `;`"])
            synchronizeStatement()
        }
    }

    private mutating func parseMapEntries(open: Token, firstKey: ExprID) -> ExprID {
        var items: [ExprID] = [firstKey]
        advance() // `:`
        items.append(parseExpression())
        while true {
            while kind == .newline || kind == .comma || kind == .semicolon { advance() }
            if kind == .rBrace || kind == .eof || recovering { break }
            items.append(parseExpression())
            guard expect(.colon, "map entries are written `key: value`") else { break }
            items.append(parseExpression())
        }
        if recovering { jumpTo(open) } else if !accept(.rBrace) { expected("`}`", context: "expected `}` to close the map"); jumpTo(open) }
        if items.count % 2 == 1 { items.removeLast() }
        return add(.map(list(items)), span(from: open.start), over: items)
    }

    mutating func parseStatement() -> ExprID {
        if isReturnWord {
            // `return x` from another language: AURA's blocks end in their value. Reported
            // here (not as an unknown name plus "expected end of statement"), then the
            // expression is parsed as the statement it evidently is.
            // No fix: dropping the word changes the meaning of an early `return` (`if a > b
            // { return a }` then `b`), so the code needs restructuring by its author.
            let keyword = current
            advance()
            if tree.diagnostics.count < Parser.diagnosticBudget, !recovering {
                tree.diagnostics.append(Diagnostic(
                    code: .unexpectedToken, message: "AURA has no `return`", primary: Label(span(keyword), "not a keyword in AURA"),
                    notes: ["a block's value is its last expression, and a function's result is its body's value"],
                    help: ["write the value itself as the last line of the block; an early exit is an `if ... else`"]))
            }
        }
        switch kind {
        case .kwVar:
            let start = current.start
            advance()
            guard kind == .identifier else { expected("a variable name after `var`"); return add(.error, span(from: start)) }
            let nameToken = current
            advance()
            guard expect(.assign, "`var` needs an initial value: `var count = 0`") else { return add(.error, span(from: start)) }
            let value = parseBindingValue()
            return addBinding(name: symbol(nameToken), nameSpan: span(nameToken), value: value, isVar: true, start: start)
        case .kwFor:
            return parseFor()
        case .kwWhile:
            let start = current.start
            advance()
            let condition = parseHead()
            let body = parseBlock()
            return add(.whileLoop(condition, body), span(from: start), over: condition, body)
        default:
            return finishStatement(parseExpression())
        }
    }

    /// `name = value` binds (or assigns to a `var`; the checker decides); other targets are errors.
    mutating func finishStatement(_ expr: ExprID) -> ExprID {
        guard kind == .assign else { return expr }
        let target = tree.span(expr)
        if case let .name(name) = tree.expr(expr) {
            advance()
            let value = parseBindingValue()
            return addBinding(name: name, nameSpan: target, value: value, isVar: false, start: target.start)
        }
        var help = ["only names can be assigned: `x = ...`"]
        if case .member = tree.expr(expr) { help = ["records are immutable; make a changed copy with `value with { field: ... }`"] }
        if case .index = tree.expr(expr) { help = ["lists and maps are values; make a changed copy with `set(m, key, value)`"] }
        report(.invalidAssignmentTarget, "cannot assign to this expression", at: target, label: "not a name", help: help)
        return expr
    }

    private mutating func addBinding(name: Symbol, nameSpan: Span, value: ExprID, isVar: Bool, start: UInt32) -> ExprID {
        tree.bindings.append(Binding(name: name, nameSpan: nameSpan, annotation: -1, value: value, isVar: isVar))
        return add(.binding(Int32(tree.bindings.count - 1)), span(from: start), over: value)
    }

    private mutating func parseFor() -> ExprID {
        let start = current.start
        advance()
        guard kind == .identifier || kind == .placeholder else {
            expected("a loop variable", context: "loops look like `for x in xs { ... }`")
            return add(.error, span(from: start))
        }
        let nameToken = current
        advance()
        guard expect(.kwIn, "expected `in` after the loop variable") else { return add(.error, span(from: start)) }
        let sequence = parseHead()
        let body = parseBlock()
        tree.loops.append(ForLoop(name: symbol(nameToken), nameSpan: span(nameToken), sequence: sequence, body: body))
        return add(.forIn(Int32(tree.loops.count - 1)), span(from: start), over: sequence, body)
    }

    /// The expression between a keyword and its `{`: there `name {` is not a record.

    mutating func parseIf() -> ExprID {
        let start = current.start
        advance()
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting { tooDeep(at: span(current)); return add(.error, span(current)) }
        let condition = parseHead()
        let then = parseBlock()
        var otherwise: ExprID = -1
        if kind == .newline, peek() == .kwElse { advance() }
        if accept(.kwElse) {
            if kind == .kwIf {
                otherwise = parseIf()
            } else {
                otherwise = parseBlock()
            }
        }
        return add(.ifElse(condition, then, otherwise), span(from: start), over: condition, then, otherwise)
    }

    mutating func parseMatch() -> ExprID {
        let start = current.start
        advance()
        let scrutinee = parseHead()
        let open = current
        guard expect(.lBrace, "expected `{` and the match arms") else { return add(.error, span(from: start)) }
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        var arms: [MatchArm] = []
        var bodies: [ExprID] = []
        while true {
            while kind == .newline || kind == .comma || kind == .semicolon { advance() }
            if kind == .rBrace || kind == .eof { break }
            let pattern = parsePattern()
            guard expect(.fatArrow, "expected `=>` after the pattern") else { jumpTo(open); break }
            let body = parseExpression()
            arms.append(MatchArm(pattern: pattern, body: body))
            bodies.append(body)
            if recovering { synchronizeStatement() }
        }
        if pos <= Int(open.partner), !accept(.rBrace) { expected("`}`", context: "expected `}` to close the match"); jumpTo(open) }
        let armStart = Int32(tree.arms.count)
        tree.arms.append(contentsOf: arms)
        return add(.match(scrutinee, ListRef(start: armStart, count: Int32(arms.count))), span(from: start), over: [scrutinee] + bodies)
    }
}

extension Parser {
    /// `return` followed by an expression on the same line.
    var isReturnWord: Bool { kind == .identifier && !endsStatement(peek()) && isWord(current, "return") }

    /// Tokens after which no expression follows on the same statement.
    func endsStatement(_ next: TokenKind) -> Bool {
        next == .newline || next == .semicolon || next == .rBrace || next == .eof
    }
}
