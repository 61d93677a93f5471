import AuraDiagnostics
import AuraSyntax

/// What formatting one file produced.
public enum FormatOutcome: Sendable {
    /// The canonical text (equal to the input when it was already formatted).
    case formatted(String)
    /// The file does not parse; it must be left as it is. The diagnostics are the parser's.
    case syntaxErrors([Diagnostic])
    /// The printer produced text that would not mean the same program (or would drop a
    /// comment): a bug in the formatter, reported instead of written.
    case internalError(String)
}

/// `aura fmt`: one canonical style, no options (docs/language.md, "Formatting").
public enum AuraFormatter {
    /// Lines are kept within this many characters where the construct allows it.
    public static let width = Printer.defaultWidth

    /// Formats one file. The result is checked before it is returned: it must parse, dump to the
    /// same `SyntaxDump` as the input, and hold the same comments.
    public static func format(_ file: SourceFile) -> FormatOutcome {
        LargeStack.run { formatOnCurrentThread(file) }
    }

    /// `format` at another width: the tests use narrow widths to drive every broken layout.
    static func format(_ file: SourceFile, width: Int) -> FormatOutcome {
        LargeStack.run { formatOnCurrentThread(file, width: width) }
    }

    /// `format` on the calling thread, which must have a large stack (see `LargeStack`).
    public static func formatOnCurrentThread(_ file: SourceFile) -> FormatOutcome {
        formatOnCurrentThread(file, width: Printer.defaultWidth)
    }

    static func formatOnCurrentThread(_ file: SourceFile, width: Int) -> FormatOutcome {
        let interner = Interner()
        let tree = Parser.parseOnCurrentThread(file, interner: interner)
        if tree.diagnostics.contains(where: { $0.severity == .error }) { return .syntaxErrors(tree.diagnostics) }
        let tokens = Lexer.tokenize(file).tokens
        let comments = CommentScanner.scan(file, tokens: tokens)
        let text = Printer(tree: tree, interner: interner, tokens: tokens, comments: comments, width: width).printFile()

        let output = SourceFile(id: file.id, path: file.path, text: text)
        let outputInterner = Interner()
        let outputTree = Parser.parseOnCurrentThread(output, interner: outputInterner)
        if let problem = outputTree.diagnostics.first(where: { $0.severity == .error }) {
            let (line, column) = output.location(of: problem.span.start)
            return .internalError("the formatted text does not parse (\(problem.code.rawValue) at \(line):\(column): \(problem.message))")
        }
        if SyntaxDump.dump(tree, interner: interner) != SyntaxDump.dump(outputTree, interner: outputInterner) {
            return .internalError("the formatted text would parse to a different program")
        }
        let outputComments = CommentScanner.scan(output, tokens: Lexer.tokenize(output).tokens)
        if CommentScanner.texts(comments) != CommentScanner.texts(outputComments) {
            return .internalError("the formatted text would lose or change a comment")
        }
        return .formatted(text)
    }

    /// The comments of a file (from `#` to the end of the line, trailing blanks dropped), sorted:
    /// formatting keeps this list unchanged.
    public static func commentTexts(_ file: SourceFile) -> [String] {
        CommentScanner.texts(CommentScanner.scan(file, tokens: Lexer.tokenize(file).tokens))
    }
}
