import AuraDiagnostics
import AuraSyntax

extension Checker {
    /// Reports that `actual` cannot be used where `expected` is required, with the most
    /// specific code and a conversion fix where one is evident.
    func reportMismatch(expected: TypeID, actual: TypeID, at expr: ExprID, context: String?) {
        let e = types.resolve(expected), a = types.resolve(actual)
        let en = types.node(e), an = types.node(a)
        let span = tree.span(expr)
        let notes = context.map { ["expected `\(describe(e))` because of \($0)"] } ?? []
        func wrap(_ function: String) -> Fix {
            Fix(message: "convert with `\(function)(\(tree.text(span)))`",
                edits: [TextEdit(span: .point(span.file, span.start), replacement: "\(function)("), TextEdit(span: .point(span.file, span.end), replacement: ")")],
                applicability: .maybe)
        }
        if an == .dyn {
            let (help, fix) = dynConversion(to: e, span: span)
            error(.dynNeedsConversion, "a `dyn` value needs an explicit conversion to `\(describe(e))`", span, "this is a `dyn`",
                  notes: notes + ["`dyn` values come from `json.parse` and `db.query!`; their shape is only known at run time"],
                  help: [help], fixes: fix.map { [$0] } ?? [])
            return
        }
        if case let .optional(inner) = an, describe(inner) == describe(e) {
            error(.optionalUsedAsValue, "expected `\(describe(e))`, found the optional `\(describe(a))`", span, "this may be `none`",
                  notes: notes,
                  help: ["give a default with `\(tree.text(span)) ?? ...`, or handle `none` with `match`"],
                  fixes: defaultFix(expr, en))
            return
        }
        var fixes: [Fix] = []
        var help: [String] = []
        if an == .int && en == .float { fixes.append(floatConversion(of: expr)); help.append("AURA never converts `i` to `f` implicitly") }
        if an == .float && en == .int {
            var truncate = wrap("to_i")
            truncate.rule = "truncate-to-int"
            fixes.append(truncate)
            help.append("`to_i` truncates toward zero; `round` rounds")
        }
        if en == .int, an == .string, !isLiteral(expr) {
            // `to_i` of a string is `i?`: what an unparsable text should mean is the author's
            // decision, so the default is a placeholder they must confirm.
            fixes.append(Fix(message: "parse it with `to_i(\(tree.text(span))) ?? 0` (choose the default)",
                             edits: [TextEdit(span: .point(span.file, span.start), replacement: "(to_i("),
                                     TextEdit(span: .point(span.file, span.end), replacement: ") ?? 0)")],
                             applicability: .placeholder, rule: "parse-with-default"))
            help.append("`to_i` parses a string and returns `i?`: choose what a text that is not a number means")
        }
        if en == .string, an == .int || an == .float || an == .bool { fixes.append(wrap("to_s")) }
        error(.typeMismatch, "mismatched types: expected `\(describe(e))`, found `\(describe(a))`", span,
              "expected `\(describe(e))`, found `\(describe(a))`", notes: notes, help: help, fixes: fixes)
    }

    /// Converts an `i` expression to `f` without changing the value it evidently means. Integer
    /// `/` truncates, so an expression containing one converts its operands rather than the
    /// result: `to_f(sum(xs)) / to_f(len(xs))`, never `to_f(sum(xs) / len(xs))` (which would make
    /// `average([1, 2, 4])` 2.0). Without a division, converting the result is exact.
    func floatConversion(of expr: ExprID) -> Fix {
        let span = tree.span(expr)
        guard containsDivision(expr) else {
            return Fix(message: "convert with `to_f(\(tree.text(span)))`",
                       edits: [TextEdit(span: .point(span.file, span.start), replacement: "to_f("), TextEdit(span: .point(span.file, span.end), replacement: ")")],
                       applicability: .maybe)
        }
        var edits: [TextEdit] = []
        func convertLeaves(_ id: ExprID) {
            switch tree.expr(id) {
            case let .binary(op, lhs, rhs) where [.add, .subtract, .multiply, .divide, .remainder].contains(op):
                convertLeaves(lhs)
                convertLeaves(rhs)
            case let .unary(.negate, operand):
                convertLeaves(operand)
            case .int where tree.text(tree.span(id)).allSatisfy(\.isNumber):
                edits.append(TextEdit(span: .point(span.file, tree.span(id).end), replacement: ".0"))
            default:
                let leaf = tree.span(id)
                edits.append(TextEdit(span: .point(leaf.file, leaf.start), replacement: "to_f("))
                edits.append(TextEdit(span: .point(leaf.file, leaf.end), replacement: ")"))
            }
        }
        convertLeaves(expr)
        let converted = TextEdit.apply(edits.map { TextEdit(span: Span(file: 0, start: $0.span.start - span.start, end: $0.span.end - span.start), replacement: $0.replacement) },
                                       to: Array(tree.text(span).utf8)).map { String(decoding: $0, as: UTF8.self) } ?? tree.text(span)
        return Fix(message: "divide as floats: `\(converted)`", edits: edits, applicability: .maybe, rule: "convert-operands")
    }

    /// Whether an arithmetic expression has an integer `/` outside nested calls.
    func containsDivision(_ id: ExprID) -> Bool {
        switch tree.expr(id) {
        case .binary(.divide, _, _): return true
        case let .binary(op, lhs, rhs) where [.add, .subtract, .multiply, .remainder].contains(op):
            return containsDivision(lhs) || containsDivision(rhs)
        case let .unary(.negate, operand): return containsDivision(operand)
        default: return false
        }
    }

    /// A string literal where an `i` is expected is a typo or a misunderstanding, not text to parse.
    private func isLiteral(_ id: ExprID) -> Bool {
        switch tree.expr(id) {
        case .string, .interpolation: return true
        default: return false
        }
    }
}

extension Checker {
    /// The conversion from `dyn` that exists for `expected`, if any (1.1: `to_list`, `to_map`,
    /// and `map(to_list(d), to_i)` for a list of scalars). Never a function that does not exist.
    func dynConversion(to expected: TypeID, span: Span) -> (help: String, fix: Fix?) {
        let text = tree.text(span)
        func scalar(_ type: TypeID) -> String? {
            switch types.resolvedNode(type) {
            case .int: return "to_i"
            case .float: return "to_f"
            case .string: return "to_s"
            case .bool: return "to_b"
            default: return nil
            }
        }
        func replacing(with replacement: String) -> Fix {
            Fix(message: "convert with `\(replacement)`", edits: [TextEdit(span: span, replacement: replacement)], applicability: .maybe)
        }
        if let function = scalar(expected) {
            // Two insertions, as before 1.1: the expression's own text is left untouched.
            return ("convert it with `\(function)(...)`",
                    Fix(message: "convert with `\(function)(\(text))`",
                        edits: [TextEdit(span: .point(span.file, span.start), replacement: "\(function)("), TextEdit(span: .point(span.file, span.end), replacement: ")")],
                        applicability: .maybe))
        }
        switch types.resolvedNode(expected) {
        case let .list(element):
            if types.resolvedNode(element) == .dyn {
                return ("convert it with `to_list(...)`", replacing(with: "to_list(\(text))"))
            }
            if let function = scalar(element) {
                let replacement = "map(to_list(\(text)), \(function))"
                return ("convert it with `\(replacement)`", replacing(with: replacement))
            }
        case let .map(key, value) where types.resolvedNode(key) == .string:
            if types.resolvedNode(value) == .dyn {
                return ("convert it with `to_map(...)`", replacing(with: "to_map(\(text))"))
            }
        default: break
        }
        return ("a `dyn` converts with `to_i`, `to_f`, `to_s`, `to_b`, `to_list` (`[dyn]`) and `to_map` (`{s:dyn}`); build a `\(describe(expected))` from those", nil)
    }
}
