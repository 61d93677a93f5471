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
            let conversion: String? = en == .int ? "to_i" : en == .float ? "to_f" : en == .string ? "to_s" : en == .bool ? "to_b" : nil
            error(.dynNeedsConversion, "a `dyn` value needs an explicit conversion to `\(describe(e))`", span, "this is a `dyn`",
                  notes: notes + ["`dyn` values come from `json.parse` and `db.query!`; their shape is only known at run time"],
                  help: [conversion.map { "convert it with `\($0)(...)`" } ?? "convert it with `to_i`, `to_f`, `to_s` or `to_b`"],
                  fixes: conversion.map { [wrap($0)] } ?? [])
            return
        }
        if case let .optional(inner) = an, describe(inner) == describe(e) {
            error(.optionalUsedAsValue, "expected `\(describe(e))`, found the optional `\(describe(a))`", span, "this may be `none`",
                  notes: notes,
                  help: ["give a default with `\(tree.text(span)) ?? ...`, or handle `none` with `match`"])
            return
        }
        var fixes: [Fix] = []
        var help: [String] = []
        if an == .int && en == .float { fixes.append(wrap("to_f")); help.append("AURA never converts `i` to `f` implicitly") }
        if an == .float && en == .int { fixes.append(wrap("to_i")); help.append("`to_i` truncates toward zero; `round` rounds") }
        if en == .string, an == .int || an == .float || an == .bool { fixes.append(wrap("to_s")) }
        error(.typeMismatch, "mismatched types: expected `\(describe(e))`, found `\(describe(a))`", span,
              "expected `\(describe(e))`, found `\(describe(a))`", notes: notes, help: help, fixes: fixes)
    }
}
