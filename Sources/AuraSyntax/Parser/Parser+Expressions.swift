import AuraDiagnostics

extension Parser {
    /// Lowest precedence: lambdas, then pipes.
    mutating func parseExpression() -> ExprID {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting {
            tooDeep(at: span(current))
            return add(.error, span(current))
        }
        if kind == .identifier, peek() == .fatArrow { return parseLambda() }
        if kind == .lParen, current.partner > pos, tokens[Int(current.partner) + 1].kind == .fatArrow { return parseLambda() }
        return parsePipe()
    }

    /// `x => body` or `(a, b) => body`. A `_` inside the body does not belong to an outer argument.
    mutating func parseLambda() -> ExprID {
        let start = current.start
        let params: ListRef
        if kind == .identifier {
            let token = current
            advance()
            tree.params.append(Param(name: symbol(token), span: span(token), type: -1))
            params = ListRef(start: Int32(tree.params.count - 1), count: 1)
        } else {
            params = parseParameterList()
        }
        guard expect(.fatArrow, "expected `=>` and the lambda's body") else { return add(.error, span(from: start)) }
        let (savedIn, savedSaw, savedNoRecord) = (inArgument, sawPlaceholder, noRecordLiteral)
        inArgument = false
        noRecordLiteral = false
        let body = parseExpression()
        (inArgument, sawPlaceholder, noRecordLiteral) = (savedIn, savedSaw, savedNoRecord)
        return add(.lambda(params, body), span(from: start), over: body)
    }

    mutating func parsePipe() -> ExprID {
        var lhs = parseCoalesce()
        while kind == .pipe {
            advance()
            let rhs = parsePostfix()
            lhs = makePipe(lhs, rhs)
        }
        return lhs
    }

    /// `x | f(a)` is `f(x, a)`; `x | f` is `f(x)`.
    mutating func makePipe(_ lhs: ExprID, _ rhs: ExprID) -> ExprID {
        let whole = tree.span(lhs).merged(with: tree.span(rhs))
        if case let .call(callee, args, _) = tree.expr(rhs) {
            let items = [lhs] + Array(tree.children(args))
            let tallest = max(height(lhs), height(rhs))
            if tallest >= Parser.maxTreeHeight { tooDeep(at: whole); return add(.error, whole) }
            tree.exprs[Int(rhs)] = .call(callee, list(items), piped: true)
            tree.spans[Int(rhs)] = whole
            tree.heights[Int(rhs)] = tallest + 1
            return rhs
        }
        return add(.call(rhs, list([lhs]), piped: true), whole, over: lhs, rhs)
    }

    mutating func parseCoalesce() -> ExprID {
        let first = parseOr()
        // Most expressions have no `??`: no operand array for them (one allocation per
        // expression was 2% of `aura check`).
        guard kind == .questionQuestion else { return first }
        var operands = [first]
        while kind == .questionQuestion {
            advance()
            operands.append(parseOr())
        }
        // `a ?? b ?? c` groups to the right: `a ?? (b ?? c)`.
        var result = operands.removeLast()
        while let lhs = operands.popLast() { result = binary(.coalesce, lhs, result) }
        return result
    }

    mutating func parseOr() -> ExprID {
        var lhs = parseAnd()
        while kind == .kwOr { advance(); lhs = binary(.or, lhs, parseAnd()) }
        return lhs
    }

    mutating func parseAnd() -> ExprID {
        var lhs = parseNot()
        while kind == .kwAnd { advance(); lhs = binary(.and, lhs, parseNot()) }
        return lhs
    }

    mutating func parseNot() -> ExprID {
        guard kind == .kwNot else { return parseComparison() }
        let start = current.start
        advance()
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting { tooDeep(at: span(current)); return add(.error, span(current)) }
        let operand = parseNot()
        return add(.unary(.not, operand), span(from: start), over: operand)
    }

    mutating func parseComparison() -> ExprID {
        var lhs = parseRange()
        while true {
            let op: BinaryOp
            switch kind {
            case .equal: op = .equal
            case .notEqual: op = .notEqual
            case .less: op = .less
            case .lessEqual: op = .lessEqual
            case .greater: op = .greater
            case .greaterEqual: op = .greaterEqual
            default: return lhs
            }
            advance()
            lhs = binary(op, lhs, parseRange())
        }
    }

    mutating func parseRange() -> ExprID {
        let lhs = parseAdditive()
        guard kind == .dotDot else { return lhs }
        advance()
        return binary(.range, lhs, parseAdditive())
    }

    mutating func parseAdditive() -> ExprID {
        var lhs = parseMultiplicative()
        while kind == .plus || kind == .minus {
            let op: BinaryOp = kind == .plus ? .add : .subtract
            advance()
            lhs = binary(op, lhs, parseMultiplicative())
        }
        return lhs
    }

    mutating func parseMultiplicative() -> ExprID {
        var lhs = parseUnary()
        while kind == .star || kind == .slash || kind == .percent {
            let op: BinaryOp = kind == .star ? .multiply : kind == .slash ? .divide : .remainder
            advance()
            lhs = binary(op, lhs, parseUnary())
        }
        return lhs
    }

    mutating func parseUnary() -> ExprID {
        guard kind == .minus else { return parsePostfix() }
        let start = current.start
        advance()
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting { tooDeep(at: span(current)); return add(.error, span(current)) }
        let operand = parseUnary()
        // Fold `-literal` so `-9` is one constant.
        switch tree.expr(operand) {
        case let .int(value): tree.exprs[Int(operand)] = .int(-value); tree.spans[Int(operand)] = span(from: start); return operand
        case let .float(value): tree.exprs[Int(operand)] = .float(-value); tree.spans[Int(operand)] = span(from: start); return operand
        default: return add(.unary(.negate, operand), span(from: start), over: operand)
        }
    }

    mutating func binary(_ op: BinaryOp, _ lhs: ExprID, _ rhs: ExprID) -> ExprID {
        add(.binary(op, lhs, rhs), tree.span(lhs).merged(with: tree.span(rhs)), over: lhs, rhs)
    }

    /// A primary followed by calls, member accesses, indexing, `with` and record construction.
    mutating func parsePostfix() -> ExprID {
        var expr = parsePrimary()
        while true {
            switch kind {
            case .lParen:
                let args = parseArguments()
                expr = add(.call(expr, list(args), piped: false), span(from: tree.span(expr).start), over: [expr] + args)
            case .dot:
                advance()
                guard kind == .identifier else {
                    expected("a field name after `.`")
                    return expr
                }
                let name = symbol(current)
                advance()
                expr = add(.member(expr, name), span(from: tree.span(expr).start), over: expr)
            case .lBracket:
                let open = current
                advance()
                let saved = noRecordLiteral
                noRecordLiteral = false
                let index = parseExpression()
                noRecordLiteral = saved
                if !accept(.rBracket) { expected("`]`", context: "expected `]` to close the index opened here"); jumpTo(open) }
                expr = add(.index(expr, index), span(from: tree.span(expr).start), over: expr, index)
            case .kwWith:
                advance()
                guard kind == .lBrace else { expected("`{`", context: "`with` takes the changed fields: `u with { age: 31 }`"); return expr }
                let (inits, values) = parseFieldInits()
                expr = add(.with(expr, inits), span(from: tree.span(expr).start), over: [expr] + values)
            case .lBrace where !noRecordLiteral || recordBracesInHead.contains(pos):
                guard let typeName = recordTypeName(expr) else { return expr }
                let (inits, values) = parseFieldInits()
                expr = add(.record(typeName, inits), span(from: tree.span(expr).start), over: values)
            default:
                return expr
            }
        }
    }

    /// `User` or `util.User` in front of `{` names a record type.
    mutating func recordTypeName(_ expr: ExprID) -> Int32? {
        switch tree.expr(expr) {
        case let .name(name):
            tree.typeNames.append(TypeName(module: -1, name: name, span: tree.span(expr)))
        case let .member(base, name):
            guard case let .name(module) = tree.expr(base) else { return nil }
            tree.typeNames.append(TypeName(module: module, name: name, span: tree.span(expr)))
        default:
            return nil
        }
        return Int32(tree.typeNames.count - 1)
    }

    mutating func jumpTo(_ open: Token) {
        if open.partner > Int32(pos) { pos = Int(open.partner) + 1 }
    }

    /// `{ name: value, ... }` after a record name or `with`.
    mutating func parseFieldInits() -> (ListRef, [ExprID]) {
        let open = current
        advance()
        let saved = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = saved }
        var inits: [FieldInit] = []
        var values: [ExprID] = []
        while true {
            while kind == .newline || kind == .comma || kind == .semicolon { advance() }
            if kind == .rBrace || kind == .eof { break }
            guard kind == .identifier else {
                expected("a field name", context: "fields are written `name: value`")
                jumpTo(open)
                return (store(inits), values)
            }
            let nameToken = current
            advance()
            guard expect(.colon, "expected `:` and the field's value") else { jumpTo(open); return (store(inits), values) }
            let value = parseExpression()
            inits.append(FieldInit(name: symbol(nameToken), nameSpan: span(nameToken), value: value))
            values.append(value)
            if recovering { jumpTo(open); return (store(inits), values) }
        }
        if !accept(.rBrace) { expected("`}`"); jumpTo(open) }
        return (store(inits), values)
    }

    private mutating func store(_ inits: [FieldInit]) -> ListRef {
        let start = Int32(tree.fieldInits.count)
        tree.fieldInits.append(contentsOf: inits)
        return ListRef(start: start, count: Int32(inits.count))
    }

    /// `(a, b)` of a call. Each argument that uses `_` becomes a one-parameter lambda.
    mutating func parseArguments() -> [ExprID] {
        let open = current
        advance()
        let savedNoRecord = noRecordLiteral
        noRecordLiteral = false
        defer { noRecordLiteral = savedNoRecord }
        var args: [ExprID] = []
        while kind != .rParen && kind != .eof {
            let (savedIn, savedSaw) = (inArgument, sawPlaceholder)
            inArgument = true
            sawPlaceholder = false
            var arg = parseExpression()
            if sawPlaceholder {
                let argSpan = tree.span(arg)
                tree.params.append(Param(name: placeholderSymbol, span: argSpan, type: -1))
                arg = add(.lambda(ListRef(start: Int32(tree.params.count - 1), count: 1), arg), argSpan, over: arg)
            }
            (inArgument, sawPlaceholder) = (savedIn, savedSaw)
            args.append(arg)
            if !accept(.comma) { break }
        }
        if !accept(.rParen) {
            let (line, column) = tree.file.location(of: open.start)
            expected("`,` or `)`", context: "expected `)` to close the call opened at \(line):\(column)")
            jumpTo(open)
        }
        return args
    }
}
