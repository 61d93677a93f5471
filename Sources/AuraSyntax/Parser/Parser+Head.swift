import AuraDiagnostics

extension Parser {
    /// The head of `if`, `while`, `for` and `match`: there `Name {` opens the body, not a record
    /// (LANGUAGE.md §4). When the `{` clearly starts a record literal instead — `Point { x: 0 }`
    /// followed by more of the head on the same line — the head is parsed again with that
    /// literal allowed, and one diagnostic carries the documented repair: parenthesise the head,
    /// `if (p == Point { x: 0, y: 0 }) { ... }`.
    mutating func parseHead() -> ExprID {
        let saved = noRecordLiteral
        noRecordLiteral = true
        defer { noRecordLiteral = saved }
        let start = pos, diagnosticsBefore = tree.diagnostics.count, keyword = pos > 0 ? tokens[pos - 1].kind : .eof
        let wasRecovering = recovering
        var head = parseExpression()
        var allowed: [Int] = []
        // Each pass admits one more literal (`a == P { .. } and b == P { .. } {`). Passes are
        // bounded per head and per file, so nested heads cannot make parsing slow.
        while allowed.count < 4, headReparseBudget > 0, recordLiteralStarts(at: pos) {
            headReparseBudget -= 1
            allowed.append(pos)
            pos = start
            recovering = wasRecovering
            tree.diagnostics.removeSubrange(diagnosticsBefore...)
            let outer = recordBracesInHead
            recordBracesInHead.formUnion(allowed)
            head = parseExpression()
            recordBracesInHead = outer
        }
        guard !allowed.isEmpty, head >= 0 else { return head }
        let span = tree.span(head)
        let construct = keyword == .kwIn ? "`for`" : keyword.spelling
        tree.diagnostics.append(Diagnostic(
            code: .unexpectedToken, message: "a record literal in the head of \(construct) must be in parentheses",
            primary: Label(Span(file: tree.file.id, start: tokens[allowed[0]].start, end: tokens[allowed[0]].end), "read as the start of the body"),
            notes: ["in the head of `if`, `while`, `for` and `match`, `Name {` opens the body"],
            help: ["put the head in parentheses: `(\(tree.text(span)))`"],
            fixes: [Fix(message: "put the head in parentheses",
                        edits: [TextEdit(span: .point(span.file, span.start), replacement: "("), TextEdit(span: .point(span.file, span.end), replacement: ")")],
                        applicability: .safe, rule: "parenthesise-head")]))
        return head
    }

    /// `Name { field: ...` whose `}` is followed by more of the line: a record literal, since a
    /// body's `}` ends the line (or is followed by `else`).
    private func recordLiteralStarts(at index: Int) -> Bool {
        guard index > 0, index + 2 < tokens.count, tokens[index].kind == .lBrace else { return false }
        let name = tokens[index - 1]
        guard name.kind == .identifier, let first = bytes[Int(name.start)...].first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"),
              tokens[index + 1].kind == .identifier, tokens[index + 2].kind == .colon else { return false }
        let close = Int(tokens[index].partner)
        guard close > index, close + 1 < tokens.count else { return false }
        let after = tokens[close + 1].kind
        return after != .newline && after != .eof && after != .kwElse && after != .rBrace && after != .semicolon
    }
}
