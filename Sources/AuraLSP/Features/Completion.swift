import AuraJSON
import AuraSema
import AuraSyntax

/// LSP `CompletionItemKind` numbers used here.
enum CompletionKind {
    static let function: Int64 = 3, field: Int64 = 5, variable: Int64 = 6, module: Int64 = 9, enumeration: Int64 = 13
    static let keyword: Int64 = 14, enumMember: Int64 = 20, constant: Int64 = 21, structure: Int64 = 22
}

extension LanguageServer {
    /// After `x.`: the fields of `x`'s record, the members of module `x` or of capability `x`.
    /// Elsewhere: the locals declared before the cursor in the enclosing declaration, the module's
    /// own declarations, `use`d modules, builtins with their signatures, capabilities, keywords.
    func completion(_ params: JSON) throws(RPCError) -> JSON {
        let point = try point(params)
        guard let module = point.module else { return ["isIncomplete": false, "items": []] }
        let bytes = point.document.bytes
        var start = min(point.offset, bytes.count)
        while start > 0, Self.isNameByte(bytes[start - 1]) { start -= 1 }
        let items: [JSON]
        if start > 0, bytes[start - 1] == UInt8(ascii: ".") {
            var baseStart = start - 1
            while baseStart > 0, Self.isNameByte(bytes[baseStart - 1]) { baseStart -= 1 }
            let base = String(decoding: bytes[baseStart..<(start - 1)], as: UTF8.self)
            items = memberItems(point.analysis, module, base: base, dot: start - 1)
        } else {
            items = scopeItems(point.analysis, module, at: point.offset)
        }
        return ["isIncomplete": false, "items": .array(items)]
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x21
    }

    private static func item(_ label: String, _ kind: Int64, detail: String? = nil, documentation: String? = nil) -> JSON {
        var fields: [(String, JSON)] = [("label", .string(label)), ("kind", .integer(kind))]
        if let detail { fields.append(("detail", .string(detail))) }
        if let documentation { fields.append(("documentation", ["kind": "markdown", "value": .string(documentation)])) }
        return .object(fields)
    }

    private func memberItems(_ analysis: Analysis, _ module: Int32, base: String, dot: Int) -> [JSON] {
        let checked = analysis.checked(module)
        if let symbol = analysis.program.interner.lookup(base), let imported = checked.imports[symbol] {
            return topLevelItems(analysis, imported)
        }
        let members = analysis.program.builtins.entries.filter { $0.capability == base }
        if !members.isEmpty {
            return members.map { entry in
                Self.item(entry.name, CompletionKind.function, detail: entry.overloads.map { analysis.describe($0) }.joined(separator: " | "))
            }
        }
        guard let record = recordBefore(analysis, module, base: base, dot: dot) else { return [] }
        let shape = analysis.program.types.records[Int(record)]
        return shape.fields.map { Self.item(analysis.name($0.name), CompletionKind.field, detail: analysis.describe($0.type)) }
    }

    /// The record type of the expression written just before a `.`: the expression that ends
    /// there if the checker typed it, else the latest local of that name declared before it.
    private func recordBefore(_ analysis: Analysis, _ module: Int32, base: String, dot: Int) -> Int32? {
        let checked = analysis.checked(module)
        let types = analysis.program.types
        func record(_ type: TypeID) -> Int32? {
            var resolved = types.resolved(type)
            if case let .optional(inner) = types.node(resolved) { resolved = types.resolved(inner) }
            if case let .record(index) = types.node(resolved) { return index }
            return nil
        }
        for index in checked.tree.exprs.indices where Int(checked.tree.spans[index].end) == dot {
            if let found = record(checked.exprTypes[index]) { return found }
        }
        let local = checked.locals.last { analysis.name($0.name) == base && Int($0.span.start) < dot }
        return local.flatMap { record($0.type) }
    }

    private func topLevelItems(_ analysis: Analysis, _ module: Int32) -> [JSON] {
        let checked = analysis.checked(module)
        var items: [JSON] = []
        for (index, function) in checked.tree.functions.enumerated() {
            let target = SymbolTarget.function(module: module, index: Int32(index))
            items.append(Self.item(analysis.name(function.name), CompletionKind.function, detail: analysis.functionSignature(module, Int32(index)),
                                   documentation: analysis.documentation(of: target)))
        }
        for (index, constant) in checked.tree.constants.enumerated() {
            let target = SymbolTarget.constant(module: module, index: Int32(index))
            items.append(Self.item(analysis.name(constant.name), CompletionKind.constant, detail: analysis.signature(of: target),
                                   documentation: analysis.documentation(of: target)))
        }
        for record in checked.tree.records {
            let target = checked.recordTypes[record.name].map(SymbolTarget.record)
            items.append(Self.item(analysis.name(record.name), CompletionKind.structure, detail: target.flatMap(analysis.signature)))
        }
        for sum in checked.tree.sums {
            let target = checked.sumTypes[sum.name].map(SymbolTarget.sum)
            items.append(Self.item(analysis.name(sum.name), CompletionKind.enumeration, detail: target.flatMap(analysis.signature)))
            for variant in sum.variants {
                let target = checked.variants[variant.name].map(SymbolTarget.record)
                items.append(Self.item(analysis.name(variant.name), CompletionKind.enumMember, detail: target.flatMap(analysis.signature)))
            }
        }
        return items
    }

    private func scopeItems(_ analysis: Analysis, _ module: Int32, at offset: Int) -> [JSON] {
        let checked = analysis.checked(module)
        var items: [JSON] = []
        var seen = Set<String>()
        // Locals of the declaration around the cursor, declared before it; the latest first.
        let enclosing = enclosingDeclaration(checked.tree, offset)
        for local in checked.locals.reversed() where Int(local.span.start) < offset {
            guard let enclosing, enclosing.contains(Int(local.span.start)) else { continue }
            let label = analysis.name(local.name)
            guard label != "_", seen.insert(label).inserted else { continue }
            items.append(Self.item(label, CompletionKind.variable, detail: analysis.describe(local.type)))
        }
        for item in topLevelItems(analysis, module) {
            if let label = item["label"]?.string, seen.insert(label).inserted { items.append(item) }
        }
        for (alias, imported) in checked.imports {
            items.append(Self.item(analysis.name(alias), CompletionKind.module, detail: analysis.checked(imported).path))
        }
        var capabilities = Set<String>()
        for entry in analysis.program.builtins.entries {
            if let capability = entry.capability { capabilities.insert(capability); continue }
            guard seen.insert(entry.name).inserted else { continue }
            items.append(Self.item(entry.name, CompletionKind.function, detail: entry.overloads.map { analysis.describe($0) }.joined(separator: " | ")))
        }
        for capability in capabilities.sorted() { items.append(Self.item(capability, CompletionKind.module, detail: "capability +\(capability)")) }
        for keyword in AuraKeywords.all { items.append(Self.item(keyword, CompletionKind.keyword)) }
        return items
    }

    /// The byte range of the top-level function, constant or test containing `offset`.
    private func enclosingDeclaration(_ tree: SyntaxTree, _ offset: Int) -> Range<Int>? {
        let spans = tree.functions.map(\.span) + tree.constants.map(\.span) + tree.tests.map(\.span)
        return spans.map { Int($0.start)..<max(Int($0.end), Int($0.start) + 1) }.first { $0.contains(offset) || $0.upperBound == offset }
    }
}
