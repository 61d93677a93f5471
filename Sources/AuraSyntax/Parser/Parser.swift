import AuraDiagnostics

/// Recursive-descent parser over the flat token array, building a `SyntaxTree`.
///
/// Recovery: a statement or declaration that fails to parse is reported once, then the parser
/// skips to the next statement (using the lexer's delimiter matching to jump over groups), so a
/// file with several mistakes reports each of them rather than one cascade.
public struct Parser {
    var tree: SyntaxTree
    let tokens: [Token]
    let bytes: [UInt8]
    let interner: Interner
    var pos = 0
    /// Nesting depth of the recursive descent (bounded to keep the stack safe).
    var depth = 0
    /// Set after an error until the parser resynchronises: follow-on errors are noise.
    var recovering = false
    /// In the head of `if`/`while`/`for`/`match`, `name {` opens the body, not a record.
    var noRecordLiteral = false
    /// Token indices of `{` that open a record literal in a head after all (see `parseHead`).
    var recordBracesInHead: Set<Int> = []
    var headReparseBudget = 32
    /// Inside a call argument: `_` makes the argument a lambda.
    var inArgument = false
    var sawPlaceholder = false
    var reportedNesting = false
    let placeholderSymbol: Symbol
    var seenDeclaration = false
    /// Parser problems past the budget: counted, never built.
    var suppressedDiagnostics = 0
    /// Lexer and parser diagnostics kept for one file, with room for the parser's own after
    /// the lexer's (the final cap to `DiagnosticLimit.perFile` is applied after sorting).
    static let diagnosticBudget = 2 * DiagnosticLimit.perFile

    /// Deepest expression nesting accepted; deeper input gets E0110 instead of a stack overflow.
    public static let maxNesting = 256
    /// Highest expression tree accepted (long operator chains build tall trees without recursion).
    public static let maxTreeHeight: UInt16 = 1000

    init(file: SourceFile, stream: TokenStream, interner: Interner) {
        tree = SyntaxTree(file: file)
        tree.diagnostics = stream.diagnostics
        tokens = stream.tokens
        bytes = file.bytes
        self.interner = interner
        placeholderSymbol = interner.intern("_")
        let estimate = tokens.count / 2 + 8
        tree.exprs.reserveCapacity(estimate)
        tree.spans.reserveCapacity(estimate)
        tree.heights.reserveCapacity(estimate)
        tree.children.reserveCapacity(estimate / 2)
    }

    /// Lexes and parses one file (on a large-stack thread: see `LargeStack`).
    public static func parse(_ file: SourceFile, interner: Interner) -> SyntaxTree {
        nonisolated(unsafe) let interner = interner
        return LargeStack.run { parseOnCurrentThread(file, interner: interner) }
    }

    /// Lexes and parses one file on the calling thread, which must have a large stack
    /// (the compiler calls this from inside `LargeStack.run`).
    public static func parseOnCurrentThread(_ file: SourceFile, interner: Interner) -> SyntaxTree {
        let stream = Lexer.tokenize(file)
        var parser = Parser(file: file, stream: stream, interner: interner)
        parser.parseFile()
        parser.tree.diagnostics.sort(by: Diagnostic.sourceOrder)
        let hidden = stream.suppressedDiagnostics + parser.suppressedDiagnostics
        if hidden > 0 || parser.tree.diagnostics.count > DiagnosticLimit.perFile {
            parser.tree.diagnostics = DiagnosticLimit.capped(parser.tree.diagnostics, alreadyHidden: [file.id: hidden])
        }
        return parser.tree
    }

    // MARK: Tokens

    @inline(__always) var current: Token { tokens[pos] }
    @inline(__always) var kind: TokenKind { tokens[pos].kind }
    @inline(__always) func peek(_ offset: Int = 1) -> TokenKind { tokens[min(pos + offset, tokens.count - 1)].kind }

    @inline(__always) mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    mutating func accept(_ expected: TokenKind) -> Bool {
        if kind == expected { advance(); return true }
        return false
    }

    func span(_ token: Token) -> Span { Span(file: tree.file.id, start: token.start, end: token.end) }
    func span(from start: UInt32) -> Span {
        let end = pos > 0 ? tokens[pos - 1].end : start
        return Span(file: tree.file.id, start: start, end: max(start, end))
    }

    func text(_ token: Token) -> String { tree.file.text(token.start, token.end) }

    /// Whether `token` is spelled `word`, without making a `String` of it.
    func isWord(_ token: Token, _ word: StaticString) -> Bool {
        guard Int(token.end - token.start) == word.utf8CodeUnitCount else { return false }
        return bytes.withUnsafeBufferPointer { source in
            (0..<word.utf8CodeUnitCount).allSatisfy { source[Int(token.start) + $0] == word.utf8Start[$0] }
        }
    }

    mutating func symbol(_ token: Token) -> Symbol {
        bytes.withUnsafeBufferPointer { interner.intern($0, Int(token.start), Int(token.end)) }
    }

    mutating func skipNewlines() { while kind == .newline || kind == .semicolon { advance() } }

    /// What the current token is, for "found ..." in messages.
    var foundDescription: String {
        switch kind {
        case .identifier: return "`\(text(current))`"
        case .int, .float: return "`\(text(current))`"
        case .string, .stringStart: return "a string"
        default: return kind.spelling
        }
    }

    // MARK: Errors

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: Span, label: String, help: [String] = [], notes: [String] = [], fixes: [Fix] = []) {
        if recovering { return }
        guard tree.diagnostics.count < Parser.diagnosticBudget else {
            suppressedDiagnostics += 1
            recovering = true
            return
        }
        tree.diagnostics.append(Diagnostic(code: code, message: message, primary: Label(span, label), notes: notes, help: help, fixes: fixes))
        recovering = true
    }

    /// "expected X, found Y" at the current token. Error tokens were already reported by the lexer.
    mutating func expected(_ what: String, context: String? = nil, help: [String] = [], fixes: [Fix] = []) {
        if kind == .error { recovering = true; return }
        let here = kind == .newline || kind == .eof ? Span.point(tree.file.id, kind == .eof ? current.start : current.start) : span(current)
        let message = "expected \(what), found \(foundDescription)"
        report(.unexpectedToken, message, at: here, label: context ?? "expected \(what)", help: help, fixes: fixes)
    }

    mutating func expect(_ expected: TokenKind, _ context: String) -> Bool {
        if accept(expected) { return true }
        self.expected(expected.spelling, context: context)
        return false
    }

    // MARK: Nodes

    mutating func add(_ expr: Expr, _ span: Span, height: UInt16 = 1) -> ExprID {
        tree.exprs.append(expr)
        tree.spans.append(span)
        tree.heights.append(height)
        return ExprID(tree.exprs.count - 1)
    }

    func height(_ id: ExprID) -> UInt16 { id < 0 ? 0 : tree.heights[Int(id)] }

    /// Adds a node with children, refusing trees taller than `maxTreeHeight`.
    mutating func add(_ expr: Expr, _ span: Span, over kids: [ExprID]) -> ExprID {
        var tallest: UInt16 = 0
        for kid in kids where kid >= 0 { tallest = max(tallest, tree.heights[Int(kid)]) }
        return add(expr, span, tallest: tallest)
    }

    /// `add(_:_:over:)` for the common one to three children, without an array per node
    /// (every operator, member access and binding made one).
    mutating func add(_ expr: Expr, _ span: Span, over a: ExprID, _ b: ExprID = -1, _ c: ExprID = -1) -> ExprID {
        add(expr, span, tallest: max(height(a), height(b), height(c)))
    }

    private mutating func add(_ expr: Expr, _ span: Span, tallest: UInt16) -> ExprID {
        if tallest >= Parser.maxTreeHeight {
            tooDeep(at: span)
            return add(.error, span)
        }
        return add(expr, span, height: tallest + 1)
    }

    mutating func tooDeep(at span: Span) {
        if !reportedNesting {
            reportedNesting = true
            let saved = recovering
            recovering = false
            report(.nestingTooDeep, "expression nested too deeply", at: span,
                   label: "nesting exceeds the limit here",
                   help: ["split the expression with intermediate bindings (`x = ...`)"],
                   notes: ["AURA accepts at most \(Parser.maxNesting) nested groups and expression trees up to \(Parser.maxTreeHeight) levels"])
            recovering = saved || true
        }
    }

    /// Appends a list to the children pool.
    mutating func list(_ items: [ExprID]) -> ListRef {
        let start = Int32(tree.children.count)
        tree.children.append(contentsOf: items)
        return ListRef(start: start, count: Int32(items.count))
    }

    mutating func addString(_ value: String) -> Int32 {
        tree.strings.append(value)
        return Int32(tree.strings.count - 1)
    }

    // MARK: Recovery

    /// Skips to the end of the current statement: a newline, `;`, or the closer of the enclosing group.
    mutating func synchronizeStatement() {
        while true {
            switch kind {
            case .eof, .newline, .semicolon, .rBrace, .rParen, .rBracket: recovering = false; return
            case .lParen, .lBracket, .lBrace, .stringStart:
                jumpOverGroup()
            default: advance()
            }
        }
    }

    /// Skips to the next line that starts at column 0 (a new top-level declaration).
    mutating func synchronizeTopLevel() {
        while kind != .eof {
            if kind == .lParen || kind == .lBracket || kind == .lBrace { jumpOverGroup(); continue }
            if kind == .newline {
                advance()
                if current.start == 0 || bytes[Int(current.start) - 1] == 0x0A { break }
                continue
            }
            advance()
        }
        recovering = false
    }

    mutating func jumpOverGroup() {
        let partner = current.partner
        if current.kind.isOpener, partner > pos { pos = Int(partner) }
        if current.kind == .stringStart {
            while kind != .stringEnd && kind != .eof { advance() }
        }
        advance()
    }
}
