import AuraDiagnostics

extension Parser {
    mutating func addType(_ type: TypeExpr, _ span: Span) -> TypeExprID {
        tree.types.append(type)
        tree.typeSpans.append(span)
        return TypeExprID(tree.types.count - 1)
    }

    /// `i`, `[T]`, `{K:V}`, `T?`, `User`, `util.User`, `Query[User]`, `(T, U) -> R`, `(T) ->! R`.
    mutating func parseType() -> TypeExprID {
        let start = current.start
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting { tooDeep(at: span(current)); return -1 }
        var result: TypeExprID
        switch kind {
        case .identifier:
            let first = current
            advance()
            var module: Symbol = -1
            var name = symbol(first)
            if kind == .dot, peek() == .identifier, tokens[pos - 1].end == current.start {
                advance()
                module = name
                name = symbol(current)
                advance()
            }
            if module < 0, text(first) == "Query", kind == .lBracket, first.end == current.start {
                let open = current
                advance()
                let row = parseType()
                if !accept(.rBracket) { expected("`]`", context: "query types are written `Query[User]`"); jumpTo(open) }
                result = addType(.query(row), span(from: start))
                break
            }
            tree.typeNames.append(TypeName(module: module, name: name, span: span(from: start)))
            result = addType(.named(Int32(tree.typeNames.count - 1)), span(from: start))
        case .lBracket:
            let open = current
            advance()
            let element = parseType()
            if !accept(.rBracket) { expected("`]`", context: "list types are written `[T]`"); jumpTo(open) }
            result = addType(.list(element), span(from: start))
        case .lBrace:
            let open = current
            advance()
            let key = parseType()
            guard expect(.colon, "map types are written `{K:V}`") else { jumpTo(open); return -1 }
            let value = parseType()
            if !accept(.rBrace) { expected("`}`", context: "map types are written `{K:V}`"); jumpTo(open) }
            result = addType(.map(key, value), span(from: start))
        case .lParen:
            let open = current
            advance()
            var params: [TypeExprID] = []
            while kind != .rParen && kind != .eof {
                params.append(parseType())
                if !accept(.comma) { break }
            }
            if !accept(.rParen) { expected("`)`", context: "function types are written `(T, U) -> R`"); jumpTo(open) }
            let effectful = kind == .arrowBang
            guard kind == .arrow || kind == .arrowBang else {
                expected("`->`", context: "function types are written `(T, U) -> R`")
                return -1
            }
            advance()
            let resultType = parseType()
            let childStart = Int32(tree.typeChildren.count)
            tree.typeChildren.append(contentsOf: params)
            result = addType(.function(ListRef(start: childStart, count: Int32(params.count)), resultType, effectful), span(from: start))
        default:
            expected("a type", context: "types are `i f s b uuid unit dyn`, `[T]`, `{K:V}`, `T?`, record names or `(T) -> R`")
            return -1
        }
        while kind == .question {
            advance()
            result = addType(.optional(result), span(from: start))
        }
        return result
    }
}
