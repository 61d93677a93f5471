import AuraSyntax

/// One element of a broken sequence: its source range (for placing comments) and how it prints
/// at the sequence's indentation.
struct SequenceItem {
    var start: UInt32
    var end: UInt32
    var render: (_ indent: Int) -> String
}

/// A broken sequence: an optional comment for the opener's line, then one line per item or comment.
struct SequenceLayout {
    var openerComment: String?
    var lines: [String]

    /// `opener` + lines + `closer` at `indent`; `opener{}` when there is nothing inside.
    func wrapped(_ opener: String, _ closer: String, indent: Int) -> String {
        if lines.isEmpty && openerComment == nil { return opener + closer }
        var text = opener
        if let openerComment { text += "  " + openerComment }
        for line in lines { text += "\n" + line }
        return text + "\n" + String(repeating: " ", count: indent) + closer
    }
}

extension Printer {
    /// Lays out items one per line at `indent`, each followed by `separator`. Comments in
    /// `regionStart..<regionEnd` outside the items keep their place: one ending an item's last
    /// line stays there, one on the opener's line stays on it, any other has a line of its own.
    /// At most one blank line the source had between two lines is kept when `keepBlankLines`.
    func sequence(_ items: [SequenceItem], from regionStart: UInt32, to regionEnd: UInt32, indent: Int,
                  separator: String, keepBlankLines: Bool = true, openerLine: Int? = nil) -> SequenceLayout {
        var layout = SequenceLayout(openerComment: nil, lines: [])
        let loose = comments(regionStart, regionEnd).filter { comment in
            !items.contains { comment.start >= $0.start && comment.start < $0.end }
        }
        let margin = pad(indent)
        var previousEnd: UInt32? = nil
        var lastItemLine: Int? = nil  // index in `lines` of the last item, while a comment may still trail it
        var nextComment = loose.startIndex
        func blank(before start: UInt32) {
            if keepBlankLines, let previousEnd, line(start) - line(previousEnd) >= 2 { layout.lines.append("") }
        }
        func place(_ comment: Comment) {
            if let lastItemLine, let previousEnd, line(comment.start) == line(previousEnd) {
                layout.lines[lastItemLine] += "  " + comment.text
            } else if previousEnd == nil, let openerLine, line(comment.start) == openerLine, layout.openerComment == nil {
                layout.openerComment = comment.text
            } else {
                blank(before: comment.start)
                layout.lines.append(margin + comment.text)
            }
            lastItemLine = nil
            previousEnd = comment.end
        }
        for item in items {
            while nextComment < loose.endIndex, loose[nextComment].start < item.start {
                place(loose[nextComment])
                nextComment += 1
            }
            blank(before: item.start)
            layout.lines.append(margin + item.render(indent) + separator)
            lastItemLine = layout.lines.count - 1
            previousEnd = item.end
        }
        while nextComment < loose.endIndex {
            place(loose[nextComment])
            nextComment += 1
        }
        return layout
    }

    /// An expression as a sequence item, printed at the item's indentation.
    func item(_ id: ExprID, reserve: Int = 1) -> SequenceItem {
        let span = extent(id)
        return SequenceItem(start: span.start, end: span.end) { indent in
            self.render(self.argumentBody(id), indent: indent, column: indent, reserve: reserve)
        }
    }

    /// A call argument as printed: a placeholder lambda prints as its body.
    func argumentBody(_ id: ExprID) -> ExprID {
        if isPlaceholderLambda(id), case let .lambda(_, body) = tree.expr(id) { return body }
        return id
    }
}
