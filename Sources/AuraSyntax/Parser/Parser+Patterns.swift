import AuraDiagnostics

extension Parser {
    mutating func addPattern(_ pattern: Pattern, _ span: Span) -> PatternID {
        tree.patterns.append(pattern)
        tree.patternSpans.append(span)
        return PatternID(tree.patterns.count - 1)
    }

    /// Patterns: literals, `_`, a name, `none`, `User { name, age: 30 }`, `util.Empty`.
    mutating func parsePattern() -> PatternID {
        let token = current
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting { tooDeep(at: span(token)); return addPattern(.wildcard, span(token)) }
        switch kind {
        case .placeholder:
            advance()
            return addPattern(.wildcard, span(token))
        case .kwNone:
            advance()
            return addPattern(.none, span(token))
        case .int, .float, .string, .kwTrue, .kwFalse:
            let literal = parsePrimary()
            return addPattern(.literal(literal), tree.span(literal))
        case .minus where peek() == .int || peek() == .float:
            let literal = parseUnary()
            return addPattern(.literal(literal), tree.span(literal))
        case .identifier:
            if peek() == .lBrace { return parseRecordPattern(module: -1) }
            if peek() == .dot, peek(2) == .identifier {
                let module = symbol(token)
                advance(); advance()
                if peek() == .lBrace { return parseRecordPattern(module: module, start: token.start) }
                // `util.Empty`: a variant without fields from another module.
                let variantToken = current
                advance()
                tree.typeNames.append(TypeName(module: module, name: symbol(variantToken), span: span(from: token.start)))
                return addPattern(.variant(Int32(tree.typeNames.count - 1)), span(from: token.start))
            }
            advance()
            return addPattern(.binding(symbol(token)), span(token))
        default:
            expected("a pattern", context: "patterns are literals, `_`, names, `none` or `Type { field }`")
            return addPattern(.wildcard, span(token))
        }
    }

    private mutating func parseRecordPattern(module: Symbol, start: UInt32? = nil) -> PatternID {
        let nameToken = current
        let begin = start ?? nameToken.start
        advance()
        tree.typeNames.append(TypeName(module: module, name: symbol(nameToken), span: Span(file: tree.file.id, start: begin, end: nameToken.end)))
        let typeName = Int32(tree.typeNames.count - 1)
        let open = current
        advance()
        var fields: [FieldPattern] = []
        while true {
            while kind == .newline || kind == .comma { advance() }
            if kind == .rBrace || kind == .eof { break }
            guard kind == .identifier else {
                expected("a field name", context: "record patterns look like `User { name, age: 30 }`")
                jumpTo(open)
                return addPattern(.wildcard, span(from: begin))
            }
            let fieldToken = current
            advance()
            var sub: PatternID = -1
            if accept(.colon) { sub = parsePattern() }
            fields.append(FieldPattern(name: symbol(fieldToken), nameSpan: span(fieldToken), pattern: sub))
        }
        if !accept(.rBrace) { expected("`}`"); jumpTo(open) }
        let fieldStart = Int32(tree.fieldPatterns.count)
        tree.fieldPatterns.append(contentsOf: fields)
        return addPattern(.record(typeName, ListRef(start: fieldStart, count: Int32(fields.count))), span(from: begin))
    }
}
