import AuraSyntax

extension Printer {
    /// `match head {`, one `pattern => body` arm per line, `}`.
    func match(_ id: ExprID, _ scrutinee: ExprID, _ arms: [MatchArm], indent: Int, column: Int) -> String {
        let head = "match " + renderHead(scrutinee, indent: indent, column: column + 6) + " {"
        let regionStart = extent(scrutinee).end
        let items = arms.map { arm in
            let start = tree.patternSpans[Int(arm.pattern)].start, end = extent(arm.body).end
            return SequenceItem(start: start, end: end) { indent in
                // A comment inside the pattern or before `=>` keeps the arm as written.
                if self.hasGapComment(start, end, children: [self.extent(arm.body)]) { return self.source(start, end) }
                let prefix = self.patternText(arm.pattern) + " => "
                return prefix + self.render(arm.body, indent: indent, column: indent + prefix.count)
            }
        }
        let layout = sequence(items, from: regionStart, to: tree.span(id).end, indent: indent + Printer.indentWidth,
                              separator: "", openerLine: line(regionStart))
        return layout.wrapped(head, "}", indent: indent)
    }

    /// Patterns: `_`, `name`, literals as written, `none`, `User { name, age: 30 }`.
    func patternText(_ id: PatternID) -> String {
        switch tree.patterns[Int(id)] {
        case .wildcard: return "_"
        case let .binding(symbol): return name(symbol)
        case let .literal(value): return literalText(value)
        case .none: return "none"
        case let .record(typeIndex, fields):
            let parts = tree.fieldPatterns(fields).map { field in
                field.pattern < 0 ? name(field.name) : name(field.name) + ": " + patternText(field.pattern)
            }
            return typeName(typeIndex) + (parts.isEmpty ? " {}" : " { " + parts.joined(separator: ", ") + " }")
        case let .variant(typeIndex): return typeName(typeIndex)
        }
    }
}
