import AuraDiagnostics
import AuraSyntax

/// A field read from a value of unknown type, reported once every module is declared.
struct PendingUnknownField {
    var module: Int32
    var field: Symbol
    var expr: ExprID
    var base: ExprID
}

extension Checker {
    /// E0305 when no record type anywhere has the field, else E0306 naming those the file can
    /// write. Variants are not candidates: a value of a variant has its sum's type, which has no
    /// fields. Runs after every module is declared, so the answer does not depend on load order.
    func reportPendingUnknownFields() {
        for pending in pendingUnknownFields {
            m = pending.module
            let field = pending.field
            let owners = types.records.indices.filter { types.records[$0].sum < 0 && types.records[$0].field(field) != nil }
            if owners.isEmpty {
                error(.unknownField, "no record type has a field `\(name(field))`", memberNameSpan(pending.expr, field), "unknown field")
            } else {
                reportUnknownRecord(field: field, owners: owners, base: pending.base)
            }
        }
        pendingUnknownFields.removeAll()
    }

    /// E0306: a field is read from a value whose record type is not known. Only record types the
    /// file can name are suggested (its own, `module.Name` of its imports, `Response`): a type
    /// from a file it does not import would turn the annotation into E0204. Every suggestion is
    /// code the parser accepts.
    func reportUnknownRecord(field: Symbol, owners: [Int], base: ExprID) {
        let visible = owners.compactMap { writtenName(ofRecord: $0) }
        let baseText = tree.text(tree.span(base))
        var notes: [String] = []
        var help: [String] = []
        var fixes: [Fix] = []
        if visible.isEmpty {
            notes.append("no record type this file can name has a field `\(name(field))`")
            help.append("import the module that declares the record with `use`, then annotate the value with its type")
        } else {
            notes.append("records with a field `\(name(field))`: \(visible.map { "`\($0)`" }.joined(separator: ", "))")
            let typeName = visible[0]
            if case let .local(id) = modules[Int(m)].resolutions[Int(base)] {
                let local = modules[Int(m)].locals[Int(id)]
                if local.name == placeholder {
                    let lambda = typedLambda(for: local.span, typeName: typeName)
                    help.append("write a lambda with a typed parameter: `\(lambda ?? "(it: \(typeName)) => it.\(name(field))")`")
                    if visible.count == 1, let lambda {
                        fixes.append(Fix(message: "write `\(lambda)`", edits: [TextEdit(span: local.span, replacement: lambda)], applicability: .maybe))
                    }
                } else {
                    help.append("annotate where `\(name(local.name))` is declared: `\(name(local.name)): \(typeName)`")
                    if visible.count == 1, let fix = parameterAnnotation(local, typeName: typeName) { fixes.append(fix) }
                }
            } else {
                help.append("give `\(baseText)` a known type, e.g. annotate the parameter or result it comes from as `\(typeName)`")
            }
        }
        error(.cannotInfer, "cannot tell which record type this value has", tree.span(base), "type not known here",
              notes: notes, help: help, fixes: fixes)
    }

    /// How the current file writes a record type, or nil when it cannot name it.
    private func writtenName(ofRecord index: Int) -> String? {
        let record = types.records[index]
        if record.module.isEmpty { return record.name }
        if record.module == modules[Int(m)].path { return record.name }
        for (alias, target) in modules[Int(m)].imports.sorted(by: { name($0.key) < name($1.key) })
        where modules[Int(target)].path == record.module {
            return "\(name(alias)).\(record.name)"
        }
        return nil
    }

    /// `_.amount` rewritten as `(it: Order) => it.amount`, when the argument has one `_`.
    private func typedLambda(for argument: Span, typeName: String) -> String? {
        let placeholders = tree.exprs.indices.filter { index in
            guard case .placeholder = tree.expr(ExprID(index)) else { return false }
            let span = tree.span(ExprID(index))
            return span.file == argument.file && span.start >= argument.start && span.end <= argument.end
        }
        guard placeholders.count == 1 else { return nil }
        let text = tree.text(argument)
        let parameter = ["it", "item", "value", "x"].first { !text.contains($0) } ?? "it"
        let hole = tree.span(ExprID(placeholders[0]))
        let bytes = Array(text.utf8)
        let before = String(decoding: bytes[..<Int(hole.start - argument.start)], as: UTF8.self)
        let after = String(decoding: bytes[Int(hole.end - argument.start)...], as: UTF8.self)
        return "(\(parameter): \(typeName)) => \(before)\(parameter)\(after)"
    }

    /// `: Order` after a function parameter written `name` in a parameter list.
    private func parameterAnnotation(_ local: LocalInfo, typeName: String) -> Fix? {
        let bytes = tree.file.bytes
        let after = Int(local.span.end) < bytes.count ? bytes[Int(local.span.end)] : 0
        let before = local.span.start > 0 ? bytes[Int(local.span.start) - 1] : 0
        guard (after == UInt8(ascii: ",") || after == UInt8(ascii: ")")) && before != UInt8(ascii: "|") else { return nil }
        return Fix(message: "annotate `\(name(local.name))` as `\(typeName)`",
                   edits: [TextEdit(span: .point(local.span.file, local.span.end), replacement: ": \(typeName)")],
                   applicability: .maybe)
    }
}
