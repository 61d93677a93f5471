import AuraDiagnostics

/// The tokens of one file and the lexical problems found in it.
public struct TokenStream: Sendable {
    public var tokens: [Token]
    public var diagnostics: [Diagnostic]
    /// Problems found past `DiagnosticLimit.perFile`: counted, never built.
    public var suppressedDiagnostics = 0
}

/// Turns source bytes into a flat token array.
///
/// Newlines are tokens because they end statements, but only where a statement can end: not
/// inside `( )` or `[ ]`, not after a token that cannot end an expression, and not before a
/// line that starts with `|` or `.` (a pipeline continues). Delimiters are matched here, so the
/// parser can jump over a group, and an unclosed delimiter is repaired by inserting a virtual
/// closer where indentation says the construct ends — the parser then sees well-formed input
/// and reports no cascade of follow-on errors.
public struct Lexer {
    let file: SourceFile
    /// Virtual closers to insert, sorted by offset (second pass only).
    let insertions: [(offset: UInt32, kind: TokenKind)]
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Open delimiters and interpolations: token index of the opener.
    var stack: [Int32] = []
    /// Openers that never met their closer, with the offset where one closed past them (if any).
    var unclosed: [(opener: Int32, closedBefore: UInt32?)] = []
    /// How many `(`, `[`, `{` are on `stack` (see `delimiterSlot`).
    var openCounts = [0, 0, 0]
    /// Lexical problems beyond `DiagnosticLimit.perFile`, counted but not built.
    var suppressedDiagnostics = 0

    init(file: SourceFile, insertions: [(offset: UInt32, kind: TokenKind)]) {
        self.file = file
        self.insertions = insertions
        // Typical AURA source has about one token per three bytes (0.34 in the generated
        // benchmark project): a quarter made every file's array grow, and copy, once.
        tokens.reserveCapacity(file.bytes.count * 3 / 8 + 16)
    }

    /// Tokenizes a file. Never fails: problems become diagnostics and `.error` tokens.
    public static func tokenize(_ file: SourceFile) -> TokenStream {
        var first = Lexer(file: file, insertions: [])
        first.run()
        if first.unclosed.isEmpty {
            return TokenStream(tokens: first.tokens, diagnostics: first.diagnostics, suppressedDiagnostics: first.suppressedDiagnostics)
        }
        let (repairs, unclosedDiagnostics, hidden) = UnclosedRepair.plan(file: file, tokens: first.tokens, unclosed: first.unclosed)
        var second = Lexer(file: file, insertions: repairs.map { ($0.offset, $0.closer) })
        second.run()
        // The second pass sees balanced input; its other diagnostics equal the first pass's.
        let others = second.diagnostics.filter { $0.code != .unclosedDelimiter }
        let (kept, merged) = mergeSwallowedClosers(unclosedDiagnostics, into: others, file: file)
        let all = (merged + kept).sorted(by: Diagnostic.sourceOrder)
        return TokenStream(tokens: second.tokens, diagnostics: all, suppressedDiagnostics: second.suppressedDiagnostics + hidden)
    }

    var newlineIsSignificant: Bool {
        guard let top = stack.last else { return true }
        return tokens[Int(top)].kind == .lBrace
    }

    mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
        tokens.append(Token(kind: kind, start: UInt32(start), end: UInt32(end)))
    }

    /// Whether another diagnostic is kept; past the limit they are only counted, so that
    /// pathological input costs time linear in its size, not in the messages it could produce.
    var hasRoomForDiagnostics: Bool { diagnostics.count < DiagnosticLimit.perFile }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ start: Int, _ end: Int, label: String, help: [String] = [], fixes: [Fix] = []) {
        guard hasRoomForDiagnostics else { suppressedDiagnostics += 1; return }
        diagnostics.append(Diagnostic(
            code: code, message: message,
            primary: Label(Span(file: file.id, start: UInt32(start), end: UInt32(end)), label),
            help: help, fixes: fixes))
    }

    mutating func run() {
        let bytes = file.bytes
        let count = bytes.count
        // A UTF-8 byte order mark (some Windows editors write one) is not part of the program.
        var pos = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var nextInsertion = 0
        while true {
            while nextInsertion < insertions.count, Int(insertions[nextInsertion].offset) <= pos {
                insertVirtualCloser(insertions[nextInsertion].kind, at: Int(insertions[nextInsertion].offset))
                nextInsertion += 1
            }
            guard pos < count else { break }
            let byte = bytes[pos]
            switch byte {
            case 0x20, 0x09, 0x0D: // space, tab, CR
                pos += 1
            case 0x0A:
                if newlineIsSignificant, let last = tokens.last, last.kind != .newline, !last.kind.continuesLine {
                    emit(.newline, pos, pos)
                }
                pos += 1
            case UInt8(ascii: "#"):
                while pos < count, bytes[pos] != 0x0A { pos += 1 }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                pos = lexWord(at: pos)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                pos = lexNumber(at: pos)
            case UInt8(ascii: "\""):
                pos = lexString(from: pos, opening: true)
            default:
                pos = lexPunctuation(at: pos)
            }
        }
        while nextInsertion < insertions.count {
            insertVirtualCloser(insertions[nextInsertion].kind, at: count)
            nextInsertion += 1
        }
        for opener in stack.reversed() {
            if tokens[Int(opener)].kind == .stringStart || tokens[Int(opener)].kind == .stringMiddle {
                let token = tokens[Int(opener)]
                error(.unterminatedString, "unterminated string interpolation", Int(token.end) - 2, Int(token.end), label: "this `${` is never closed with `}`")
            } else {
                unclosed.append((opener, nil))
            }
        }
        stack.removeAll()
        openCounts = [0, 0, 0]
        if let last = tokens.last, last.kind != .newline { emit(.newline, count, count) }
        emit(.eof, count, count)
    }

    mutating func lexWord(at start: Int) -> Int {
        // On the buffer: `let bytes = file.bytes` retained and released the array per word.
        let (end, kind) = file.bytes.withUnsafeBufferPointer { bytes -> (Int, TokenKind) in
            var pos = start + 1
            while pos < bytes.count {
                let b = bytes[pos]
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F { pos += 1 } else { break }
            }
            // `print!` — a `!` written directly after a name is part of it (but `!=` is an operator).
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "!"), !(pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "=")) {
                return (pos + 1, .identifier)
            }
            return (pos, Keywords.kind(bytes, start, pos))
        }
        emit(kind, start, end)
        return end
    }
}

extension Lexer {
    /// `print!("hello);`: the unterminated string runs to the end of its line and swallows the
    /// `)`. The `(` then looks unclosed, and inserting `)` at the end of the line would put it
    /// inside the string. Such an E0103 is not reported; the string's own fix closes the string
    /// and then the delimiters it swallowed (`");`… → `print!("hello);")`), so one fix yields
    /// valid code.
    static func mergeSwallowedClosers(_ unclosed: [Diagnostic], into others: [Diagnostic], file: SourceFile)
        -> (kept: [Diagnostic], merged: [Diagnostic]) {
        var others = others
        var kept: [Diagnostic] = []
        for diagnostic in unclosed {
            guard let insertion = diagnostic.fixes.first?.edits.first, insertion.span.start == insertion.span.end,
                  let index = others.firstIndex(where: { other in
                      guard other.code == .unterminatedString, let edit = other.fixes.first?.edits.first else { return false }
                      return edit.replacement.hasPrefix("\"") && edit.span.start == insertion.span.start
                          && diagnostic.primary.span.start < other.primary.span.start
                          && file.lineIndex(of: other.primary.span.start) == file.lineIndex(of: insertion.span.start)
                  }) else {
                kept.append(diagnostic)
                continue
            }
            // Inner delimiters come later on the line and close first.
            others[index].fixes[0].edits[0].replacement += insertion.replacement
            let closing = others[index].fixes[0].edits[0].replacement
            others[index].fixes[0].message = "close the string and the line: insert `\(closing)` at the end of the line"
            others[index].help = ["the string swallowed the closing delimiters: insert `\(closing)` at the end of the line"]
        }
        return (kept, others)
    }
}
