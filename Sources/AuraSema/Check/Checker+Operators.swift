import AuraDiagnostics
import AuraSyntax

extension Checker {
    func inferUnary(_ expr: ExprID, _ op: UnaryOp, _ operand: ExprID) -> TypeID {
        switch op {
        case .not:
            check(operand, expected: TypeStore.bool, context: "`not`")
            return TypeStore.bool
        case .negate:
            let type = infer(operand, expected: nil)
            let number = types.fresh(level: level, kinds: .numeric)
            if types.unify(type, number) != nil {
                error(.badOperands, "cannot negate a value of type `\(describe(type))`", tree.span(operand), "not a number",
                      help: ["`-` works on `i` and `f`; for booleans use `not`"])
                return TypeStore.error
            }
            return type
        }
    }

    func inferBinary(_ expr: ExprID, _ op: BinaryOp, _ lhs: ExprID, _ rhs: ExprID, expected: TypeID?) -> TypeID {
        switch op {
        case .and, .or:
            check(lhs, expected: TypeStore.bool, context: "`\(op.spelling)`")
            check(rhs, expected: TypeStore.bool, context: "`\(op.spelling)`")
            return TypeStore.bool
        case .range:
            check(lhs, expected: TypeStore.int, context: "a range")
            check(rhs, expected: TypeStore.int, context: "a range")
            return types.list(TypeStore.int)
        case .coalesce:
            let left = types.resolve(infer(lhs, expected: nil))
            let inner: TypeID
            switch types.node(left) {
            case let .optional(value): inner = value
            case .error: inner = types.fresh(level: level)
            case .variable:
                inner = types.fresh(level: level)
                _ = types.unify(left, types.optional(inner))
            default:
                error(.typeMismatch, "the left side of `??` is not optional", tree.span(lhs), "has type `\(describe(left))`, which is never `none`",
                      help: ["`a ?? b` picks `b` when `a` is `none`; here `??` has no effect"],
                      fixes: [Fix(message: "remove `?? ...`", edits: [TextEdit(span: Span(file: fileID, start: tree.span(lhs).end, end: tree.span(rhs).end), replacement: "")], applicability: .maybe)])
                infer(rhs, expected: nil)
                return left
            }
            check(rhs, expected: inner, context: "the optional's value type")
            return inner
        case .equal, .notEqual:
            let left = infer(lhs, expected: nil)
            let right = infer(rhs, expected: left)
            if !comparable(left, right) {
                reportOperands(op, lhs, rhs, left, right)
            }
            return TypeStore.bool
        case .less, .lessEqual, .greater, .greaterEqual:
            return arithmetic(op, lhs, rhs, kinds: .ordered, result: TypeStore.bool)
        case .add:
            return arithmetic(op, lhs, rhs, kinds: .addable, result: nil)
        case .subtract, .multiply, .divide, .remainder:
            return arithmetic(op, lhs, rhs, kinds: .numeric, result: nil)
        }
    }

    /// `==` allows comparing an optional with its value type and with `none`.
    private func comparable(_ a: TypeID, _ b: TypeID) -> Bool {
        let x = types.resolve(a), y = types.resolve(b)
        if case let .optional(inner) = types.node(x), isPlainValue(y) { return types.unify(inner, y) == nil }
        if case let .optional(inner) = types.node(y), isPlainValue(x) { return types.unify(inner, x) == nil }
        return types.unify(x, y) == nil
    }

    /// Neither optional nor an undecided variable.
    private func isPlainValue(_ id: TypeID) -> Bool {
        switch types.resolvedNode(id) {
        case .optional, .variable: return false
        default: return true
        }
    }

    private func arithmetic(_ op: BinaryOp, _ lhs: ExprID, _ rhs: ExprID, kinds: KindSet, result: TypeID?) -> TypeID {
        let left = infer(lhs, expected: nil)
        let right = infer(rhs, expected: left)
        let operand = types.fresh(level: level, kinds: kinds)
        if types.unify(left, operand) != nil || types.unify(right, operand) != nil {
            reportOperands(op, lhs, rhs, left, right)
            return result ?? TypeStore.error
        }
        return result ?? operand
    }

    private func reportOperands(_ op: BinaryOp, _ lhs: ExprID, _ rhs: ExprID, _ left: TypeID, _ right: TypeID) {
        let l = types.resolve(left), r = types.resolve(right)
        let ln = types.node(l), rn = types.node(r)
        let whole = tree.span(lhs).merged(with: tree.span(rhs))
        let secondary = [Label(tree.span(lhs), "`\(describe(l))`"), Label(tree.span(rhs), "`\(describe(r))`")]
        if (ln == .int && rn == .float) || (ln == .float && rn == .int) {
            let intSide = ln == .int ? lhs : rhs
            let span = tree.span(intSide)
            error(.typeMismatch, "mismatched types in `\(op.spelling)`: `\(describe(l))` and `\(describe(r))`", span, "this is an `i`, the other side is an `f`",
                  secondary: [Label(tree.span(ln == .int ? rhs : lhs), "`f`")],
                  notes: ["AURA never converts between `i` and `f` implicitly"],
                  help: ["convert the integer with `to_f(...)`"],
                  fixes: [floatConversion(of: intSide)])
            return
        }
        if op == .add, (ln == .string) != (rn == .string), ln != .error, rn != .error, ln != .dyn, rn != .dyn {
            let other = ln == .string ? rhs : lhs
            let span = tree.span(other)
            error(.typeMismatch, "cannot add `\(describe(l))` and `\(describe(r))`", span, "this is a `\(describe(ln == .string ? r : l))`, not a string",
                  secondary: secondary.filter { $0.span != span },
                  help: ["convert it with `to_s(...)`, or use interpolation: \"...${x}\""],
                  fixes: [Fix(message: "convert with `to_s(\(tree.text(span)))`",
                              edits: [TextEdit(span: .point(span.file, span.start), replacement: "to_s("), TextEdit(span: .point(span.file, span.end), replacement: ")")],
                              applicability: .maybe)])
            return
        }
        if ln == .dyn || rn == .dyn {
            let dynSide = ln == .dyn ? lhs : rhs
            let other = ln == .dyn ? rn : ln
            // The other operand's type is the only one that checks: `cfg.retries + 1` needs `to_i`.
            let conversion: String? = switch other {
            case .int: "to_i"
            case .float: "to_f"
            case .string: "to_s"
            case .bool: "to_b"
            default: nil
            }
            let span = tree.span(dynSide)
            error(.dynNeedsConversion, "`dyn` values must be converted before `\(op.spelling)`", span, "this is a `dyn`",
                  notes: conversion == nil ? [] : ["the other operand is `\(describe(ln == .dyn ? r : l))`"],
                  help: [conversion.map { "convert it with `\($0)(...)`" } ?? "convert it with `to_i`, `to_f`, `to_s` or `to_b`"],
                  fixes: conversion.map { [Fix(message: "convert with `\($0)(\(tree.text(span)))`",
                                               edits: [TextEdit(span: .point(span.file, span.start), replacement: "\($0)("),
                                                       TextEdit(span: .point(span.file, span.end), replacement: ")")],
                                               applicability: .maybe)] } ?? [])
            return
        }
        if case .optional = ln {
            error(.optionalUsedAsValue, "cannot use an optional `\(describe(l))` with `\(op.spelling)`", tree.span(lhs), "this may be `none`",
                  help: ["unwrap it first: `(x ?? default) \(op.spelling) ...`"], fixes: defaultFix(lhs, rn))
            return
        }
        if case .optional = rn {
            error(.optionalUsedAsValue, "cannot use an optional `\(describe(r))` with `\(op.spelling)`", tree.span(rhs), "this may be `none`",
                  help: ["unwrap it first: `... \(op.spelling) (x ?? default)`"], fixes: defaultFix(rhs, ln))
            return
        }
        if op == .multiply, (ln == .string && rn == .int) || (ln == .int && rn == .string),
           isStringLiteral(ln == .string ? lhs : rhs) {
            // `"=" * 20` has one meaning, repetition, which AURA spells `repeat("=", 20)`. A string
            // variable times an int (`qty * price`) more likely wanted a number: no fix.
            let (text, count) = ln == .string ? (lhs, rhs) : (rhs, lhs)
            let replacement = "repeat(\(tree.text(tree.span(text))), \(tree.text(tree.span(count))))"
            error(.badOperands, "`*` cannot be applied to `\(describe(l))` and `\(describe(r))`", whole, "incompatible operands",
                  secondary: secondary, notes: [operatorNote(op)], help: ["repeat a string with `repeat(text, count)`"],
                  fixes: [Fix(message: "repeat the string: `\(replacement)`", edits: [TextEdit(span: whole, replacement: replacement)],
                              applicability: .safe, rule: "repeat-string")])
            return
        }
        if describe(l) == describe(r) || op == .equal || op == .notEqual {
            if op == .equal || op == .notEqual {
                error(.typeMismatch, "cannot compare `\(describe(l))` with `\(describe(r))`", whole, "different types", secondary: secondary)
            } else {
                error(.badOperands, "`\(op.spelling)` cannot be applied to `\(describe(l))`", whole, "not supported for `\(describe(l))`",
                      notes: [operatorNote(op)])
            }
            return
        }
        error(.badOperands, "`\(op.spelling)` cannot be applied to `\(describe(l))` and `\(describe(r))`", whole, "incompatible operands",
              secondary: secondary, notes: [operatorNote(op)])
    }

    private func operatorNote(_ op: BinaryOp) -> String {
        switch op {
        case .add: return "`+` adds two numbers of the same type, or joins two strings or two lists"
        case .less, .lessEqual, .greater, .greaterEqual: return "`\(op.spelling)` compares two `i`, two `f` or two `s`"
        default: return "`\(op.spelling)` works on two `i` or two `f`"
        }
    }

    /// `(x ?? 0)` for an optional number: valid code, but the default is a guess (what should an
    /// empty list's `last` be?), so it is a placeholder a human confirms, never applied by itself.
    func defaultFix(_ optional: ExprID, _ other: TypeNode) -> [Fix] {
        let zero: String? = switch other {
        case .int: "0"
        case .float: "0.0"
        case .string: "\"\""
        default: nil
        }
        guard let zero else { return [] }
        let span = tree.span(optional)
        return [Fix(message: "unwrap with a default: `(\(tree.text(span)) ?? \(zero))` (choose the default)",
                    edits: [TextEdit(span: .point(span.file, span.start), replacement: "("),
                            TextEdit(span: .point(span.file, span.end), replacement: " ?? \(zero))")],
                    applicability: .placeholder, rule: "default-optional")]
    }

    private func isStringLiteral(_ id: ExprID) -> Bool {
        switch tree.expr(id) {
        case .string, .interpolation: return true
        default: return false
        }
    }
}
