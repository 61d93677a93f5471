import AuraDiagnostics
import AuraSema
import AuraSyntax

/// What hover, completion and signature help say about a target: its declaration as code and
/// the `#` comment written directly above it.
extension Analysis {
    func describe(_ type: TypeID) -> String { program.describe(type) }

    /// The declaration of a target as AURA code (one line).
    func signature(of target: SymbolTarget) -> String? {
        switch target {
        case let .local(module, local):
            let info = checked(module).locals[Int(local)]
            return (info.isVar ? "var " : "") + name(info.name) + ": " + describe(info.type)
        case let .function(module, index):
            return functionSignature(module, index)
        case let .constant(module, index):
            let constant = checked(module).tree.constants[Int(index)]
            return name(constant.name) + ": " + describe(checked(module).constantTypes[Int(index)])
        case let .record(index):
            let record = program.types.records[Int(index)]
            let shape = record.name + fieldList(record)
            if record.sum >= 0 { return shape + "  (variant of @" + program.types.sums[Int(record.sum)].name + ")" }
            return "@" + shape
        case let .sum(index):
            let sum = program.types.sums[Int(index)]
            return "@" + sum.name + " = " + sum.variants.map { program.types.records[Int($0)].name + fieldList(program.types.records[Int($0)]) }
                .joined(separator: " | ")
        case let .field(record, field):
            let owner = program.types.records[Int(record)]
            guard let found = owner.field(field) else { return nil }
            return name(field) + ": " + describe(found.field.type) + "  (field of " + (owner.sum >= 0 ? "" : "@") + owner.name + ")"
        case let .module(index):
            return "module " + checked(index).path
        case let .builtin(index):
            let entry = program.builtins.entries[Int(index)]
            return entry.overloads.map { entry.displayName + ": " + describe($0) }.joined(separator: "\n")
        }
    }

    /// ` { name: s age: i }`, or nothing for a variant without fields.
    private func fieldList(_ record: RecordType) -> String {
        guard !record.fields.isEmpty else { return "" }
        return " { " + record.fields.map { name($0.name) + ": " + describe($0.type) }.joined(separator: ", ") + " }"
    }

    /// `add(a: i, b: i): i` — parameter names from the declaration, types from the checker.
    func functionSignature(_ module: Int32, _ index: Int32) -> String {
        let tree = checked(module).tree
        let function = tree.functions[Int(index)]
        let names = tree.params(function.params).map { name($0.name) }
        guard let parts = program.types.functionParts(program.types.resolved(checked(module).functionTypes[Int(index)])) else {
            return name(function.name) + "(" + names.joined(separator: ", ") + ")"
        }
        let params = zip(names, parts.params).map { "\($0): \(describe($1))" }
        return name(function.name) + "(" + params.joined(separator: ", ") + "): " + describe(parts.result)
    }

    /// Parameter labels of a function, for signature help.
    func parameterLabels(_ module: Int32, _ index: Int32) -> [String] {
        let tree = checked(module).tree
        let function = tree.functions[Int(index)]
        let parts = program.types.functionParts(program.types.resolved(checked(module).functionTypes[Int(index)]))
        return tree.params(function.params).enumerated().map { position, param in
            guard let parts, position < parts.params.count else { return name(param.name) }
            return name(param.name) + ": " + describe(parts.params[position])
        }
    }

    /// The `#` lines directly above a top-level definition, without their `#`.
    func documentation(of target: SymbolTarget) -> String? {
        switch target {
        case .function, .constant, .record, .sum: break
        default: return nil
        }
        guard let (module, span) = definition(of: target) else { return nil }
        let file = checked(module).tree.file
        var line = file.lineIndex(of: span.start) - 1
        var lines: [String] = []
        while line >= 0 {
            let text = file.lineText(line).trimmingSpaces
            guard text.hasPrefix("#") else { break }
            var body = text.dropFirst()
            if body.hasPrefix(" ") { body = body.dropFirst() }
            lines.append(String(body))
            line -= 1
        }
        return lines.isEmpty ? nil : lines.reversed().joined(separator: "\n")
    }

    /// The smallest expression of a module containing `offset` that has a type worth showing.
    func innermostExpression(_ module: Int32, at offset: Int) -> ExprID? {
        let tree = checked(module).tree
        var best: ExprID?
        var bestWidth = UInt32.max
        for index in tree.exprs.indices {
            let span = tree.spans[index]
            guard Int(span.start) <= offset, offset < Int(span.end), span.end - span.start < bestWidth else { continue }
            switch tree.exprs[index] {
            case .block, .binding, .assign, .forIn, .whileLoop, .error: continue
            default: break
            }
            best = ExprID(index)
            bestWidth = span.end - span.start
        }
        return best
    }
}
