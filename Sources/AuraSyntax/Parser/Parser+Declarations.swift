import AuraDiagnostics

extension Parser {
    mutating func parseFile() {
        skipNewlines()
        parseHeader()
        while kind != .eof {
            let before = pos
            parseDeclaration()
            if recovering { synchronizeTopLevel() }
            skipNewlines()
            if pos == before { advance() }
        }
    }

    /// `+db +json` and `use` lines, before any declaration.
    mutating func parseHeader() {
        while true {
            if kind == .plus, peek() == .identifier, tokens[pos + 1].start == current.end {
                parseCapability()
            } else if kind == .kwUse {
                parseUse()
            } else {
                break
            }
            skipNewlines()
        }
        tree.headerInsertionPoint = pos > 0 ? current.start : 0
    }

    mutating func parseCapability() {
        let plus = current
        advance()
        let nameToken = current
        advance()
        let span = Span(file: tree.file.id, start: plus.start, end: nameToken.end)
        tree.capabilities.append(CapabilityDecl(name: text(nameToken), span: span))
        if !seenDeclaration { tree.capabilityLineEnd = nameToken.end }
        if seenDeclaration { misplacedHeader(span, what: "capability `+\(text(nameToken))`") }
    }

    mutating func parseUse() {
        let start = current.start
        advance()
        var parts: [String] = []
        var last = current
        while kind == .identifier {
            last = current
            parts.append(text(current))
            advance()
            if kind == .slash, peek() == .identifier { advance() } else { break }
        }
        guard !parts.isEmpty else {
            expected("a module name", context: "`use` needs a module name, e.g. `use util`")
            return
        }
        let span = Span(file: tree.file.id, start: start, end: last.end)
        tree.uses.append(UseDecl(path: parts.joined(separator: "/"), alias: symbol(last), span: span))
        if seenDeclaration { misplacedHeader(span, what: "`use \(parts.joined(separator: "/"))`") }
        if kind != .newline && kind != .eof && kind != .semicolon { expected("end of line", context: "a `use` line holds one module") }
    }

    private mutating func misplacedHeader(_ span: Span, what: String) {
        let lineStart = tree.file.lineStarts[tree.file.lineIndex(of: span.start)]
        let lineEnd = UInt32(tree.file.lineByteRange(tree.file.lineIndex(of: span.start)).upperBound)
        let wholeLine = tree.file.text(lineStart, lineEnd).trimmingCharacters() == tree.file.text(span.start, span.end)
        let removal = wholeLine ? Span(file: tree.file.id, start: lineStart, end: min(lineEnd + 1, UInt32(bytes.count))) : span
        let fix = Fix(message: "move \(what) to the top of the file",
                      edits: [TextEdit(span: .point(tree.file.id, 0), replacement: tree.file.text(span.start, span.end) + "\n"),
                              TextEdit(span: removal, replacement: "")],
                      applicability: .safe)
        let saved = recovering
        recovering = false
        report(.misplacedHeader, "\(what) must come before the declarations", at: span,
               label: "header item after a declaration",
               help: ["capabilities (`+db`) and imports (`use util`) go at the top of the file"], fixes: [fix])
        recovering = saved
    }

    mutating func parseDeclaration() {
        switch kind {
        case .at:
            seenDeclaration = true
            parseRecord()
        case .kwTest:
            seenDeclaration = true
            parseTest()
        case .identifier:
            seenDeclaration = true
            if peek() == .lParen { parseFunction() } else { parseConstant() }
        case .plus where peek() == .identifier:
            parseCapability()
        case .kwUse:
            parseUse()
        default:
            expected("a declaration", context: "expected a function, constant, record or test here",
                     help: ["top-level declarations look like `name(x) = ...`, `name = ...`, `@Type { ... }` or `test \"...\" { ... }`"])
        }
    }

    mutating func parseFunction() {
        let nameToken = current
        let name = symbol(nameToken)
        let isEffectful = bytes[Int(nameToken.end) - 1] == UInt8(ascii: "!")
        advance()
        let params = parseParameterList()
        var result: TypeExprID = -1
        if accept(.colon) { result = parseType() }
        guard expect(.assign, "expected `=` before the function body") else { return }
        skipNewlines()
        let body = parseExpression()
        tree.functions.append(FunctionDecl(name: name, nameSpan: span(nameToken), params: params, result: result, body: body,
                                           span: span(from: nameToken.start), isEffectful: isEffectful))
        endOfDeclaration()
    }

    /// `(a: i, b)` — also used by lambdas.
    mutating func parseParameterList() -> ListRef {
        var items: [Param] = []
        let open = current
        guard expect(.lParen, "expected `(` to start the parameters") else { return .empty }
        while kind != .rParen && kind != .eof {
            guard kind == .identifier || kind == .placeholder else {
                expected("a parameter name", context: "parameters are names, optionally with a type: `x: i`")
                if open.partner > 0 { pos = Int(open.partner) }
                break
            }
            let nameToken = current
            advance()
            var type: TypeExprID = -1
            if accept(.colon) { type = parseType() }
            items.append(Param(name: symbol(nameToken), span: span(nameToken), type: type))
            if !accept(.comma) { break }
        }
        if !accept(.rParen) {
            expected("`,` or `)`", context: "expected `)` to close the parameter list")
        }
        let start = Int32(tree.params.count)
        tree.params.append(contentsOf: items)
        return ListRef(start: start, count: Int32(items.count))
    }

    mutating func parseConstant() {
        let nameToken = current
        advance()
        var annotation: TypeExprID = -1
        if accept(.colon) { annotation = parseType() }
        guard kind == .assign else {
            expected("`=` or `(`", context: "a top-level name must be defined with `=`",
                     help: ["a function is `\(text(nameToken))(x) = ...`, a constant `\(text(nameToken)) = ...`"])
            return
        }
        advance()
        skipNewlines()
        let value = parseBindingValue()
        tree.constants.append(ConstantDecl(name: symbol(nameToken), nameSpan: span(nameToken), annotation: annotation,
                                           value: value, span: span(from: nameToken.start)))
        endOfDeclaration()
    }

    mutating func parseTest() {
        let start = current.start
        advance()
        guard kind == .string else {
            expected("a test name string", context: "tests look like `test \"name\" { ... }`")
            return
        }
        let titleToken = current
        let title = StringDecoding.decode(bytes, from: Int(titleToken.start) + 1, to: Int(titleToken.end) - 1)
        advance()
        guard kind == .lBrace else { expected("`{`", context: "expected the test body"); return }
        let body = parseBlock()
        tree.tests.append(TestDecl(title: title, titleSpan: span(titleToken), body: body, span: span(from: start)))
        endOfDeclaration()
    }

    /// `@User { id:i @pk  name:s, nick:s? }`, or a sum type `@Shape = Circle { r:f } | Empty`.
    mutating func parseRecord() {
        let start = current.start
        advance()
        guard kind == .identifier else { expected("a record name", context: "records look like `@User { name:s }`"); return }
        let nameToken = current
        advance()
        if kind == .assign {
            parseSum(name: nameToken, start: start)
            return
        }
        let table = parseTableName()
        guard kind == .lBrace else {
            expected("`{` or `=`", context: "expected the record's fields",
                     help: ["a record is `@User { name:s }`; a sum type is `@Shape = Circle { r:f } | Empty`"])
            return
        }
        let fields = parseFieldList()
        tree.records.append(RecordDecl(name: symbol(nameToken), nameSpan: span(nameToken), fields: fields, span: span(from: start), table: table))
        endOfDeclaration()
    }

    /// `@table("users")` after a record's name: the table its rows live in.
    private mutating func parseTableName() -> (name: String, span: Span)? {
        guard kind == .at, peek() == .identifier, text(tokens[pos + 1]) == "table" else { return nil }
        let start = current.start
        advance()
        advance()
        guard expect(.lParen, "expected `(` and the table's name, as in `@table(\"users\")`") else { return nil }
        guard kind == .string else {
            expected("the table's name as a string", context: "a table is named like `@table(\"users\")`")
            return nil
        }
        let nameToken = current
        let name = StringDecoding.decode(bytes, from: Int(nameToken.start) + 1, to: Int(nameToken.end) - 1)
        advance()
        guard expect(.rParen, "expected `)` after the table's name") else { return nil }
        return (name, span(from: start))
    }

    /// `{ name:s  age:i @pk }` at the current `{`, through its `}`.
    private mutating func parseFieldList() -> [RecordDecl.Field] {
        let close = Int(current.partner)
        advance()
        var fields: [RecordDecl.Field] = []
        while true {
            while kind == .newline || kind == .comma || kind == .semicolon { advance() }
            if kind == .rBrace || kind == .eof { break }
            guard kind == .identifier else {
                expected("a field name", context: "fields look like `name:s`")
                if close > pos { pos = close }
                break
            }
            let fieldToken = current
            advance()
            guard expect(.colon, "expected `:` and the field's type") else { if close > pos { pos = close }; break }
            let type = parseType()
            var attributes: [String] = []
            while kind == .at, peek() == .identifier {
                advance()
                attributes.append(text(current))
                advance()
            }
            fields.append(RecordDecl.Field(name: symbol(fieldToken), span: span(fieldToken), type: type, attributes: attributes))
        }
        if !accept(.rBrace) { expected("`}`", context: "expected `}` to close the field list") }
        return fields
    }

    /// After `@Shape`: `= Circle { r:f } | Rect { w:f h:f } | Empty`. The variants may go on
    /// the following lines, each after a `|` (a leading `|` is allowed).
    private mutating func parseSum(name nameToken: Token, start: UInt32) {
        advance() // `=`
        skipNewlines()
        _ = accept(.pipe)
        var variants: [SumDecl.Variant] = []
        while true {
            skipNewlines()
            // `@Shape = A |` at the end of a line: the newline after `|` does not end the
            // declaration, and the next line's `main = ...` is not a variant.
            guard kind == .identifier, peek() != .assign, peek() != .lParen else {
                expected("a variant name", context: "variants look like `Circle { r:f }` or `Empty`",
                         help: ["a sum type is `@Shape = Circle { r:f } | Rect { w:f h:f } | Empty`"])
                return
            }
            let variantToken = current
            advance()
            var fields: [RecordDecl.Field] = []
            let hasBraces = kind == .lBrace
            if hasBraces { fields = parseFieldList() }
            variants.append(SumDecl.Variant(name: symbol(variantToken), nameSpan: span(variantToken), fields: fields,
                                            hasBraces: hasBraces, span: span(from: variantToken.start)))
            // The next `|` may open the following line.
            var ahead = pos
            while tokens[ahead].kind == .newline, ahead + 1 < tokens.count { ahead += 1 }
            guard tokens[ahead].kind == .pipe else { break }
            pos = ahead
            advance()
        }
        tree.sums.append(SumDecl(name: symbol(nameToken), nameSpan: span(nameToken), variants: variants, span: span(from: start)))
        endOfDeclaration()
    }

    mutating func endOfDeclaration() {
        if kind != .newline && kind != .eof && kind != .semicolon && !recovering {
            expected("end of line", context: "a declaration ends here",
                     help: ["put each declaration on its own line"])
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
