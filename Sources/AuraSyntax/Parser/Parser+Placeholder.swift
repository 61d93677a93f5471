import AuraDiagnostics

extension Parser {
    /// Parses the value of a binding or constant. A `_` in it outside any call argument (E0206)
    /// has one reading, a one-parameter lambda, so those diagnostics get the fix that writes it:
    /// `inc = _ + 1` → `inc = x => x + 1`. `maybe`: the lambda may still need its parameter
    /// annotated (`x => x.age` on a record), which verification finds.
    mutating func parseBindingValue() -> ExprID {
        let before = tree.diagnostics.count
        let value = parseExpression()
        // An inner binding already claimed its `_`; a block value makes the lambda's extent a guess.
        let misplaced = tree.diagnostics.indices.dropFirst(before).filter {
            tree.diagnostics[$0].code == .misplacedPlaceholder && tree.diagnostics[$0].fixes.isEmpty
        }
        guard !misplaced.isEmpty, value >= 0 else { return value }
        if case .block = tree.expr(value) { return value }
        let valueSpan = tree.span(value)
        let text = tree.text(valueSpan)
        let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") })
        let parameter = ["x", "it", "v", "value"].first { !words.contains(Substring($0)) } ?? "arg"
        // One edit where the value starts with `_`, so no insertion shares an offset with a replacement.
        var edits = misplaced.map { index in
            let span = tree.diagnostics[index].span
            return TextEdit(span: span, replacement: span.start == valueSpan.start ? "\(parameter) => \(parameter)" : parameter)
        }
        if !edits.contains(where: { $0.span.start == valueSpan.start }) {
            edits.insert(TextEdit(span: .point(valueSpan.file, valueSpan.start), replacement: "\(parameter) => "), at: 0)
        }
        let fix = Fix(message: "make it a lambda: `\(parameter) => ...`", edits: edits, applicability: .maybe, rule: "placeholder-lambda")
        for index in misplaced { tree.diagnostics[index].fixes.append(fix) }
        return value
    }
}
