import AuraDiagnostics
import AuraSyntax

/// A top-level line group: the capability header, a `use` line or a declaration.
private struct TopItem {
    enum Kind { case header, declaration }
    var start: UInt32
    var end: UInt32
    var kind: Kind
    var render: () -> String
}

extension Printer {
    /// The whole file: header lines, then declarations in source order, one blank line between
    /// declarations, comments where they were, one final newline.
    func printFile() -> String {
        var lines: [String] = []
        var previous: (end: UInt32, kind: TopItem.Kind?)? = nil  // kind nil: a comment
        var trailingTarget: Int? = nil  // index in `lines` an end-of-line comment may join
        let items = topItems()
        var nextComment = 0
        func gapBlank(_ start: UInt32) -> Bool {
            guard let previous else { return false }
            return line(start) - line(previous.end) >= 2
        }
        // A comment after a declaration opens the next one's group: a blank line separates it
        // from the declaration above; after the last item, the source's spacing is kept.
        func place(_ comment: Comment, beforeItem: Bool) {
            if let trailingTarget, let last = previous, line(comment.start) == line(last.end) {
                lines[trailingTarget] += "  " + comment.text
                previous = (comment.end, last.kind)
            } else {
                if (previous?.kind == .declaration && beforeItem) || gapBlank(comment.start) { lines.append("") }
                lines.append(comment.text)
                previous = (comment.end, nil)
            }
            trailingTarget = nil
        }
        for item in items {
            while nextComment < comments.count, comments[nextComment].start < item.start {
                place(comments[nextComment], beforeItem: true)
                nextComment += 1
            }
            if let previous {
                let blank: Bool
                switch (previous.kind, item.kind) {
                case (.declaration?, _), (.header?, .declaration): blank = true
                case (.header?, .header): blank = false
                default: blank = gapBlank(item.start)
                }
                if blank { lines.append("") }
            }
            lines.append(item.render())
            trailingTarget = lines.count - 1
            previous = (item.end, item.kind)
            // Comments inside the item were printed by it.
            while nextComment < comments.count, comments[nextComment].start < item.end { nextComment += 1 }
        }
        while nextComment < comments.count {
            place(comments[nextComment], beforeItem: false)
            nextComment += 1
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    private func topItems() -> [TopItem] {
        var items: [TopItem] = []
        // Capabilities written one after another share one line.
        var group: [CapabilityDecl] = []
        func flushGroup() {
            guard let first = group.first, let last = group.last else { return }
            let text = group.map { "+" + $0.name }.joined(separator: " ")
            items.append(TopItem(start: first.span.start, end: last.span.end, kind: .header) { text })
            group = []
        }
        let headerStarts = tree.uses.map(\.span.start).sorted()
        for capability in tree.capabilities.sorted(by: { $0.span.start < $1.span.start }) {
            if let last = group.last {
                let interrupted = hasComment(last.span.end, capability.span.start)
                    || headerStarts.contains { $0 > last.span.end && $0 < capability.span.start }
                if interrupted { flushGroup() }
            }
            group.append(capability)
        }
        flushGroup()
        for use in tree.uses {
            items.append(TopItem(start: use.span.start, end: use.span.end, kind: .header) { "use " + use.path })
        }
        for record in tree.records {
            items.append(TopItem(start: record.span.start, end: record.span.end, kind: .declaration) { self.recordDecl(record) })
        }
        for sum in tree.sums {
            items.append(TopItem(start: sum.span.start, end: sum.span.end, kind: .declaration) { self.sumDecl(sum) })
        }
        for function in tree.functions {
            items.append(TopItem(start: function.span.start, end: function.span.end, kind: .declaration) { self.functionDecl(function) })
        }
        for constant in tree.constants {
            items.append(TopItem(start: constant.span.start, end: constant.span.end, kind: .declaration) { self.constantDecl(constant) })
        }
        for test in tree.tests {
            items.append(TopItem(start: test.span.start, end: test.span.end, kind: .declaration) { self.testDecl(test) })
        }
        return items.sorted { $0.start < $1.start }
    }

    // MARK: Declarations

    func functionDecl(_ function: FunctionDecl) -> String {
        let body = extent(function.body)
        if hasGapComment(function.span.start, function.span.end, children: [body]) {
            return source(function.span.start, max(function.span.end, body.end))
        }
        let params = tree.params(function.params).map(paramText)
        let result = function.result >= 0 ? ": " + typeText(function.result) : ""
        var head = name(function.name) + "(" + params.joined(separator: ", ") + ")" + result + " = "
        // Parameters break when the head is too long, or when the body cannot break and does not fit.
        let unbreakable = children(function.body).isEmpty && !hasComment(body.start, body.end)
        if head.count > width - 1 || unbreakable && head.count + (flat(function.body)?.count ?? 0) > width {
            head = name(function.name) + "(\n" + params.map { pad(Printer.indentWidth) + $0 + ",\n" }.joined() + ")" + result + " = "
        }
        return head + declarationBody(function.body, column: lastLineWidth(head, 0))
    }

    func constantDecl(_ constant: ConstantDecl) -> String {
        let value = extent(constant.value)
        if hasGapComment(constant.span.start, constant.span.end, children: [value]) {
            return source(constant.span.start, max(constant.span.end, value.end))
        }
        let annotation = constant.annotation >= 0 ? ": " + typeText(constant.annotation) : ""
        let head = name(constant.name) + annotation + " = "
        return head + declarationBody(constant.value, column: head.count)
    }

    func testDecl(_ test: TestDecl) -> String {
        let body = extent(test.body)
        if hasGapComment(test.span.start, test.span.end, children: [body]) { return source(test.span.start, test.span.end) }
        let head = "test " + source(test.titleSpan.start, test.titleSpan.end) + " "
        return head + declarationBody(test.body, column: head.count)
    }

    /// A declaration whose body is a block keeps it broken (`main = {`, `test "..." {`), even
    /// when it holds one short statement; other bodies are flat when they fit.
    private func declarationBody(_ id: ExprID, column: Int) -> String {
        if case let .block(statements) = tree.expr(id), statements.count > 0 { return block(id, indent: 0) }
        return render(id, indent: 0, column: column)
    }

    /// `@User { id:i @pk name:s }`, or one field per line when that is too long or has comments.
    func recordDecl(_ record: RecordDecl) -> String {
        let fields = fieldTexts(record.fields)
        if fields.contains(where: { hasComment($0.start, $0.end) }) { return source(record.span.start, record.span.end) }
        // `@table("users")` is kept as written (its string literal needs no re-escaping).
        let table = record.table.map { " " + source($0.span.start, $0.span.end) } ?? ""
        let head = "@" + name(record.name) + table + " {"
        let flat = fields.isEmpty ? head + "}" : head + " " + fields.map(\.text).joined(separator: " ") + " }"
        if !hasComment(record.span.start, record.span.end), flat.count <= width { return flat }
        let items = fields.map { field in SequenceItem(start: field.start, end: field.end) { _ in field.text } }
        let opener = record.table?.span.end ?? record.nameSpan.end
        let layout = sequence(items, from: opener, to: record.span.end, indent: Printer.indentWidth,
                              separator: "", openerLine: line(opener))
        return layout.wrapped(head, "}", indent: 0)
    }

    private func fieldTexts(_ fields: [RecordDecl.Field]) -> [(start: UInt32, end: UInt32, text: String)] {
        fields.map { field in
            (start: field.span.start, end: fieldEnd(field),
             text: name(field.name) + ":" + typeText(field.type) + field.attributes.map { " @" + $0 }.joined())
        }
    }

    /// `@Shape = Circle { r:f } | Empty` on one line when it fits, else one `| Variant` per line.
    /// A declaration with comments inside is kept as written.
    func sumDecl(_ sum: SumDecl) -> String {
        if hasComment(sum.span.start, sum.span.end) { return source(sum.span.start, sum.span.end) }
        let variants = sum.variants.map { variant -> String in
            let fields = fieldTexts(variant.fields).map(\.text)
            return name(variant.name) + (fields.isEmpty ? "" : " { " + fields.joined(separator: " ") + " }")
        }
        let head = "@" + name(sum.name) + " ="
        let flat = head + " " + variants.joined(separator: " | ")
        if flat.count <= width { return flat }
        return head + variants.map { "\n" + pad(Printer.indentWidth) + "| " + $0 }.joined()
    }

    /// Where a record field ends: after its type and its `@attr` tags.
    private func fieldEnd(_ field: RecordDecl.Field) -> UInt32 {
        var end = field.type >= 0 ? tree.typeSpans[Int(field.type)].end : field.span.end
        var index = firstToken(atOrAfter: end)
        while index + 1 < tokens.count, tokens[index].kind == .at, tokens[index + 1].kind == .identifier {
            end = tokens[index + 1].end
            index += 2
        }
        return end
    }
}
