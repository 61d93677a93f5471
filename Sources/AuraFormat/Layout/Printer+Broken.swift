import AuraSyntax

extension Printer {
    /// The multi-line form. Constructs that are not sequences and hold a comment between their
    /// parts print as written, so the comment neither moves nor disappears.
    func broken(_ id: ExprID, indent: Int, column: Int) -> String {
        switch tree.expr(id) {
        case .block, .match, .list, .map, .record, .with, .call:
            break
        default:
            if hasGapComment(id, children: children(id)) { return verbatim(id) }
        }
        switch tree.expr(id) {
        case .int, .float, .string, .bool, .none, .name, .placeholder, .interpolation, .error:
            return flat(id) ?? verbatim(id)
        case let .member(base, field):
            return operand(base, Level.postfix, indent: indent, column: column) + "." + name(field)
        case let .index(base, index):
            let head = operand(base, Level.postfix, indent: indent, column: column) + "["
            return head + render(index, indent: indent, column: lastLineWidth(head, column), reserve: 1) + "]"
        case let .call(callee, args, piped):
            if piped { return pipeline(id, indent: indent, column: column) }
            let span = tree.span(id)
            return call(callee, Array(tree.children(args)), regionEnd: span.end, indent: indent, column: column, stage: false)
        case let .unary(op, operand) where op == .not && isBinary(operand):
            return "not (" + render(operand, indent: indent, column: column + 5, reserve: 1) + ")"
        case let .unary(op, operand):
            let prefix = op == .not ? "not " : "-"
            return prefix + self.operand(operand, op == .not ? Level.not : Level.unary, indent: indent, column: column + prefix.count)
        case .binary:
            return binary(id, indent: indent, column: column)
        case let .lambda(params, body):
            if isPlaceholderLambda(id) { return render(body, indent: indent, column: column) }
            let prefix = lambdaParams(params) + " => "
            return prefix + render(body, indent: indent, column: column + prefix.count)
        case let .block(statements):
            return block(id, Array(tree.children(statements)), indent: indent)
        case let .ifElse(condition, then, otherwise):
            let head = "if " + renderHead(condition, indent: indent, column: column + 3) + " "
            var text = head + block(then, indent: indent)
            if otherwise >= 0 {
                if case .ifElse = tree.expr(otherwise) {
                    text += " else " + broken(otherwise, indent: indent, column: indent)
                } else {
                    text += " else " + block(otherwise, indent: indent)
                }
            }
            return text
        case let .match(scrutinee, arms):
            return match(id, scrutinee, Array(tree.arms(arms)), indent: indent, column: column)
        case let .list(items):
            let span = tree.span(id)
            let layout = sequence(tree.children(items).map { item($0) }, from: span.start + 1, to: span.end, indent: indent + Printer.indentWidth,
                                  separator: ",", openerLine: line(span.start))
            return layout.wrapped("[", "]", indent: indent)
        case let .map(items):
            let span = tree.span(id)
            let all = Array(tree.children(items))
            let pairs = stride(from: 0, to: all.count - 1, by: 2).map { mapEntry(all[$0], all[$0 + 1]) }
            let layout = sequence(pairs, from: span.start + 1, to: span.end, indent: indent + Printer.indentWidth, separator: ",", openerLine: line(span.start))
            return all.isEmpty && layout.lines.isEmpty ? "{:}" : layout.wrapped("{", "}", indent: indent)
        case let .record(typeIndex, fields):
            let span = tree.span(id)
            let opener = typeName(typeIndex) + " {"
            return fieldInits(fields, after: tree.typeNames[Int(typeIndex)].span.end, end: span.end, opener: opener, indent: indent)
        case let .with(base, fields):
            let span = tree.span(id)
            let head = operand(base, Level.postfix, indent: indent, column: column) + " with {"
            return fieldInits(fields, after: extent(base).end, end: span.end, opener: head, indent: indent)
        case let .binding(index):
            let binding = tree.bindings[Int(index)]
            let prefix = bindingPrefix(binding)
            return prefix + render(binding.value, indent: indent, column: column + prefix.count)
        case let .assign(target, value):
            let prefix = name(target) + " = "
            return prefix + render(value, indent: indent, column: column + prefix.count)
        case let .forIn(index):
            let loop = tree.loops[Int(index)]
            let head = "for " + name(loop.name) + " in "
            return head + renderHead(loop.sequence, indent: indent, column: column + head.count) + " " + block(loop.body, indent: indent)
        case let .whileLoop(condition, body):
            return "while " + renderHead(condition, indent: indent, column: column + 6) + " " + block(body, indent: indent)
        }
    }

    /// Width of the last line of `text` when its first line starts at `column`.
    func lastLineWidth(_ text: String, _ column: Int) -> Int {
        guard let newline = text.lastIndex(of: "\n") else { return column + text.count }
        return text.distance(from: text.index(after: newline), to: text.endIndex)
    }

    func renderHead(_ id: ExprID, indent: Int, column: Int) -> String {
        guard headNeedsParentheses(id) else { return render(id, indent: indent, column: column, reserve: 2) }
        return "(" + render(id, indent: indent, column: column + 1, reserve: 3) + ")"
    }

    /// A block always broken (bodies of a broken `if`, loops).
    func block(_ id: ExprID, indent: Int) -> String {
        guard case let .block(statements) = tree.expr(id) else { return render(id, indent: indent, column: indent) }
        return block(id, Array(tree.children(statements)), indent: indent)
    }

    func block(_ id: ExprID, _ statements: [ExprID], indent: Int) -> String {
        let span = tree.span(id)
        let items = statements.map { statement in
            let range = extent(statement)
            return SequenceItem(start: range.start, end: range.end) { indent in self.render(statement, indent: indent, column: indent) }
        }
        let layout = sequence(items, from: span.start + 1, to: span.end, indent: indent + Printer.indentWidth, separator: "", openerLine: line(span.start))
        return layout.wrapped("{", "}", indent: indent)
    }

    func mapEntry(_ key: ExprID, _ value: ExprID) -> SequenceItem {
        let start = extent(key).start, end = extent(value).end
        return SequenceItem(start: start, end: end) { indent in
            if self.hasGapComment(start, end, children: [self.extent(key), self.extent(value)]) { return self.source(start, end) }
            let head = self.render(key, indent: indent, column: indent) + ": "
            return head + self.render(value, indent: indent, column: self.lastLineWidth(head, indent), reserve: 1)
        }
    }

    func fieldInits(_ list: ListRef, after start: UInt32, end: UInt32, opener: String, indent: Int) -> String {
        let items = tree.fieldInits(list).map { field in
            let from = field.nameSpan.start, to = extent(field.value).end
            return SequenceItem(start: from, end: to) { indent in
                if self.hasGapComment(from, to, children: [self.extent(field.value)]) { return self.source(from, to) }
                let head = self.name(field.name) + ": "
                return head + self.render(field.value, indent: indent, column: indent + head.count, reserve: 1)
            }
        }
        let layout = sequence(items, from: start, to: end, indent: indent + Printer.indentWidth, separator: ",", openerLine: line(start))
        return layout.wrapped(opener, "}", indent: indent)
    }

    /// `callee(args)` broken: the last argument hugs the parentheses when the rest fits and it
    /// is a block, a `match` or a lambda with such a body (`each(xs, x => {` ... `})`), or is
    /// the sole argument and a list, map, record or call; otherwise one argument per line.
    func call(_ callee: ExprID, _ args: [ExprID], regionEnd: UInt32, indent: Int, column: Int, stage: Bool) -> String {
        let head = operand(callee, Level.postfix, indent: indent, column: column)
        let regionStart = extent(callee).end
        if stage, args.isEmpty, !isCall(callee), !hasComment(regionStart, regionEnd) { return head }
        if let last = args.last, isHuggable(last) || args.count == 1 && isHuggableAlone(last), !head.contains("\n") {
            let others = args.dropLast()
            let lastStart = extent(last).start
            if !hasComment(regionStart, lastStart), let flatOthers = flatList(Array(others)) {
                let prefix = head + "(" + flatOthers.map { $0 + ", " }.joined()
                let lastText = render(last, indent: indent, column: column + prefix.count, reserve: 1)
                let text = prefix + lastText + ")"
                let firstLine = text.prefix { $0 != "\n" }
                let afterLast = extent(last).end
                if column + firstLine.count <= width, !hasComment(afterLast, regionEnd) { return text }
            }
        }
        let layout = sequence(args.map { item($0) }, from: regionStart, to: regionEnd, indent: indent + Printer.indentWidth,
                              separator: ",", openerLine: line(regionStart))
        return layout.wrapped(head + "(", ")", indent: indent)
    }

    func isHuggable(_ id: ExprID) -> Bool {
        switch tree.expr(id) {
        case .block, .match: return true
        case let .lambda(_, body):
            if isPlaceholderLambda(id) { return false }
            if case .block = tree.expr(body) { return true }
            if case .match = tree.expr(body) { return true }
            return false
        default: return false
        }
    }

    /// `f([` ... `])`, `print!(g(` ... `))`: a list, map, record or call hugs the parentheses
    /// only as the sole argument.
    func isHuggableAlone(_ id: ExprID) -> Bool {
        switch tree.expr(id) {
        case .list, .map, .record, .call(_, _, piped: false): return true
        default: return false
        }
    }

    /// `base` then one `| stage` per line, four spaces in.
    func pipeline(_ id: ExprID, indent: Int, column: Int) -> String {
        var stages: [(callee: ExprID, args: [ExprID], end: UInt32)] = []
        var current = id
        while case let .call(callee, args, piped: true) = tree.expr(current) {
            let all = Array(tree.children(args))
            stages.append((callee, Array(all.dropFirst()), tree.span(current).end))
            current = all[0]
        }
        stages.reverse()
        let base = current
        let stageIndent = indent + Printer.indentWidth
        let items = stages.map { stage in
            SequenceItem(start: extent(stage.callee).start, end: stage.end) { indent in
                let range = (self.extent(stage.callee).start, stage.end)
                if !self.hasComment(range.0, range.1), let text = self.flatCall(stage.callee, stage.args, stage: true),
                   self.fits(text, column: indent + 2) {
                    return "| " + text
                }
                return "| " + self.call(stage.callee, stage.args, regionEnd: stage.end, indent: indent, column: indent + 2, stage: true)
            }
        }
        let head = operand(base, Level.pipe, indent: indent, column: column)
        let baseEnd = extent(base).end
        if let last = stages.last, let hugged = huggedPipeline(base, stages.dropLast(), last, column: column, indent: indent) { return hugged }
        let layout = sequence(items, from: baseEnd, to: tree.span(id).end, indent: stageIndent, separator: "",
                              keepBlankLines: false, openerLine: line(baseEnd))
        var text = head
        if let comment = layout.openerComment { text += "  " + comment }
        for line in layout.lines { text += "\n" + line }
        return text
    }

    /// `xs | each(x => {` ... `})`: a pipeline whose last stage hugs its block stays on one line
    /// when everything before that block fits.
    private func huggedPipeline(_ base: ExprID, _ stages: ArraySlice<(callee: ExprID, args: [ExprID], end: UInt32)>,
                                _ last: (callee: ExprID, args: [ExprID], end: UInt32), column: Int, indent: Int) -> String? {
        guard let lastArg = last.args.last, isHuggable(lastArg), !hasComment(extent(base).start, extent(lastArg).start),
              let flatBase = flatOperand(base, Level.pipe) else { return nil }
        var prefix = flatBase
        for stage in stages {
            guard let text = flatCall(stage.callee, stage.args, stage: true) else { return nil }
            prefix += " | " + text
        }
        prefix += " | "
        let text = prefix + call(last.callee, last.args, regionEnd: last.end, indent: indent, column: column + prefix.count, stage: true)
        guard let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first,
              column + firstLine.count <= width, text.contains("\n") else { return nil }
        return text
    }

    /// A chain of one operator level broken after each operator, operands four spaces in.
    func binary(_ id: ExprID, indent: Int, column: Int) -> String {
        guard case let .binary(op, lhs, rhs) = tree.expr(id) else { return verbatim(id) }
        let level = Level.of(op)
        let (left, right) = Level.operands(op)
        var chain: [(BinaryOp, ExprID)] = [(op, rhs)]
        var current = lhs
        // Left-associative operators flatten along the left spine: `a + b - c`.
        if op != .coalesce && op != .range {
            while case let .binary(next, nextLeft, nextRight) = tree.expr(current), Level.of(next) == level {
                chain.append((next, nextRight))
                current = nextLeft
            }
        }
        chain.reverse()
        let whole = extent(id)
        if hasGapComment(whole.start, whole.end, children: ([current] + chain.map(\.1)).map { extent($0) }) { return verbatim(id) }
        let continuation = indent + Printer.indentWidth
        var text = operand(current, left, indent: indent, column: column)
        for (next, operand) in chain {
            text += (next == .range ? " .." : " " + next.spelling) + "\n" + pad(continuation)
            text += self.operand(operand, right, indent: continuation, column: continuation)
        }
        return text
    }
}
