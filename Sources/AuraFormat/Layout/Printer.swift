import AuraDiagnostics
import AuraSyntax

/// Prints a syntax tree in the canonical style. Every expression has a flat form (one line, or
/// none when it holds a comment or a construct that always breaks) and a broken form; the flat
/// form is used when it fits in `width` from the column where the expression starts.
///
/// Comments are not in the tree: they are found in the source between tokens and placed by
/// position. Sequences (statements, arms, arguments, items, fields, pipeline stages) keep a
/// comment before the item it preceded, or after the item whose last line it ended; any other
/// construct that holds a comment between its parts is printed as written.
final class Printer {
    static let defaultWidth = 100
    static let indentWidth = 4

    let tree: SyntaxTree
    let interner: Interner
    let file: SourceFile
    let tokens: [Token]
    let comments: [Comment]
    /// Lines are kept within this many characters where the construct can break.
    let width: Int
    private var flatMemo: [ExprID: String] = [:]
    private var notFlat: Set<ExprID> = []

    init(tree: SyntaxTree, interner: Interner, tokens: [Token], comments: [Comment], width: Int = Printer.defaultWidth) {
        self.width = width
        self.tree = tree
        self.interner = interner
        self.file = tree.file
        self.tokens = tokens
        self.comments = comments
    }

    func name(_ symbol: Symbol) -> String { interner.name(symbol) }
    func pad(_ count: Int) -> String { String(repeating: " ", count: count) }
    func line(_ offset: UInt32) -> Int { file.lineIndex(of: offset) }
    func source(_ start: UInt32, _ end: UInt32) -> String { file.text(start, end) }

    // MARK: Flat forms

    /// The one-line form, memoised; nil when the expression must break.
    func flat(_ id: ExprID) -> String? {
        if let known = flatMemo[id] { return known }
        if notFlat.contains(id) { return nil }
        let span = extent(id)
        let result = hasComment(span.start, span.end) ? nil : computeFlat(id)
        if let result, !result.contains("\n") { flatMemo[id] = result; return result }
        notFlat.insert(id)
        return nil
    }

    func fits(_ text: String, column: Int, reserve: Int = 0) -> Bool {
        column + text.count + reserve <= width
    }

    /// Flat when it fits, broken otherwise. The first line starts at `column`; further lines
    /// carry their own indentation, based on `indent`.
    func render(_ id: ExprID, indent: Int, column: Int, reserve: Int = 0) -> String {
        if let text = flat(id), fits(text, column: column, reserve: reserve) { return text }
        return broken(id, indent: indent, column: column)
    }

    /// `render`, in parentheses when the context needs a higher level than the expression has.
    func operand(_ id: ExprID, _ minimum: Int, indent: Int, column: Int, reserve: Int = 0) -> String {
        guard level(id) < minimum else { return render(id, indent: indent, column: column, reserve: reserve) }
        return "(" + render(id, indent: indent, column: column + 1, reserve: reserve + 1) + ")"
    }

    func flatOperand(_ id: ExprID, _ minimum: Int) -> String? {
        guard let text = flat(id) else { return nil }
        return level(id) < minimum ? "(" + text + ")" : text
    }

    // MARK: Source text

    /// Numbers and strings as written (a folded `- 5` loses its inner blanks).
    func literalText(_ id: ExprID) -> String {
        let span = tree.span(id)
        let text = source(span.start, span.end)
        guard text.hasPrefix("-") else { return text }
        return String(text.filter { $0 != " " && $0 != "\t" })
    }

    /// The expression's text as written, for constructs holding comments the printer cannot place.
    func verbatim(_ id: ExprID) -> String {
        let span = extent(id)
        return source(span.start, span.end)
    }

    /// An expression's span widened to whole parenthesised groups: the tree drops parentheses,
    /// so `(a + b) * c` spans from `a`, inside the group.
    func extent(_ id: ExprID) -> (start: UInt32, end: UInt32) {
        let span = tree.span(id)
        return balanced(span.start, span.end)
    }

    func balanced(_ start: UInt32, _ end: UInt32) -> (start: UInt32, end: UInt32) {
        var (start, end) = (start, end)
        var changed = true
        while changed {
            changed = false
            var index = firstToken(atOrAfter: start)
            while index < tokens.count, tokens[index].start < end {
                let token = tokens[index]
                index += 1
                let partner = Int(token.partner)
                guard partner >= 0, partner < tokens.count else { continue }
                let isCloser = token.kind == .rParen || token.kind == .rBracket || token.kind == .rBrace
                let isOpener = token.kind == .lParen || token.kind == .lBracket || token.kind == .lBrace
                if isCloser, tokens[partner].start < start { start = tokens[partner].start; changed = true; break }
                if isOpener, tokens[partner].end > end { end = tokens[partner].end; changed = true; break }
            }
        }
        return (start, end)
    }

    func firstToken(atOrAfter offset: UInt32) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].start < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: Comments

    func firstComment(atOrAfter offset: UInt32) -> Int {
        var low = 0, high = comments.count
        while low < high {
            let mid = (low + high) / 2
            if comments[mid].start < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func hasComment(_ start: UInt32, _ end: UInt32) -> Bool {
        let index = firstComment(atOrAfter: start)
        return index < comments.count && comments[index].start < end
    }

    func comments(_ start: UInt32, _ end: UInt32) -> ArraySlice<Comment> {
        let from = firstComment(atOrAfter: start)
        var to = from
        while to < comments.count, comments[to].start < end { to += 1 }
        return comments[from..<to]
    }

    /// Whether a comment lies inside `id` but outside all of `children`: only then is a
    /// construct printed as written.
    func hasGapComment(_ id: ExprID, children: [ExprID]) -> Bool {
        let whole = extent(id)
        return hasGapComment(whole.start, whole.end, children: children.map { extent($0) })
    }

    func hasGapComment(_ start: UInt32, _ end: UInt32, children: [(start: UInt32, end: UInt32)]) -> Bool {
        comments(start, end).contains { comment in !children.contains { comment.start >= $0.start && comment.start < $0.end } }
    }
}
