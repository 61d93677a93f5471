import AuraDiagnostics
import AuraJSON
import AuraSyntax

/// LSP `SymbolKind` numbers used here.
enum SymbolKind {
    static let module: Int64 = 2, field: Int64 = 8, enumeration: Int64 = 10, function: Int64 = 12
    static let constant: Int64 = 14, enumMember: Int64 = 22, structure: Int64 = 23, event: Int64 = 24
}

/// A top-level declaration of a module, for both symbol requests.
struct DeclaredSymbol {
    var name: String
    var detail: String?
    var kind: Int64
    var span: Span
    var nameSpan: Span
    var children: [DeclaredSymbol] = []
}

extension Analysis {
    /// Functions, constants, records (with fields), sum types (with variants) and tests, in
    /// source order.
    func declaredSymbols(_ module: Int32) -> [DeclaredSymbol] {
        let tree = checked(module).tree
        var symbols: [DeclaredSymbol] = []
        for (index, function) in tree.functions.enumerated() {
            symbols.append(DeclaredSymbol(name: name(function.name), detail: functionSignature(module, Int32(index)),
                                          kind: SymbolKind.function, span: function.span, nameSpan: function.nameSpan))
        }
        for (index, constant) in tree.constants.enumerated() {
            symbols.append(DeclaredSymbol(name: name(constant.name), detail: describe(checked(module).constantTypes[index]),
                                          kind: SymbolKind.constant, span: constant.span, nameSpan: constant.nameSpan))
        }
        func fields(_ list: [RecordDecl.Field]) -> [DeclaredSymbol] {
            list.map { DeclaredSymbol(name: name($0.name), detail: nil, kind: SymbolKind.field, span: $0.span, nameSpan: $0.span) }
        }
        for record in tree.records {
            symbols.append(DeclaredSymbol(name: name(record.name), detail: "record", kind: SymbolKind.structure,
                                          span: record.span, nameSpan: record.nameSpan, children: fields(record.fields)))
        }
        for sum in tree.sums {
            let variants = sum.variants.map {
                DeclaredSymbol(name: name($0.name), detail: nil, kind: SymbolKind.enumMember, span: $0.span, nameSpan: $0.nameSpan,
                               children: fields($0.fields))
            }
            symbols.append(DeclaredSymbol(name: name(sum.name), detail: "sum type", kind: SymbolKind.enumeration,
                                          span: sum.span, nameSpan: sum.nameSpan, children: variants))
        }
        for test in tree.tests {
            symbols.append(DeclaredSymbol(name: "test \"\(test.title)\"", detail: nil, kind: SymbolKind.event,
                                          span: test.span, nameSpan: test.titleSpan))
        }
        return symbols.sorted { $0.span.start < $1.span.start }
    }
}

extension LanguageServer {
    func documentSymbols(_ params: JSON) throws(RPCError) -> JSON {
        let document = try document(params)
        let analysis = workspace.analysis()
        guard let module = analysis.module(path: document.path) else { return .array([]) }
        let locations = locations(analysis)
        func lsp(_ symbol: DeclaredSymbol) -> JSON {
            var fields: [(String, JSON)] = [("name", .string(symbol.name))]
            if let detail = symbol.detail { fields.append(("detail", .string(detail))) }
            fields += [("kind", .integer(symbol.kind)), ("range", locations.range(symbol.span)),
                       ("selectionRange", locations.range(symbol.nameSpan))]
            if !symbol.children.isEmpty { fields.append(("children", .array(symbol.children.map(lsp)))) }
            return .object(fields)
        }
        return .array(analysis.declaredSymbols(module).map(lsp))
    }

    /// Top-level declarations of every module whose name contains the query (case-insensitive;
    /// an empty query lists them all, as clients expect), at most 500.
    func workspaceSymbols(_ params: JSON) -> JSON {
        let query = (params["query"]?.string ?? "").lowercased()
        let analysis = workspace.analysis()
        let locations = locations(analysis)
        var result: [JSON] = []
        for module in analysis.program.modules.indices {
            let container = analysis.checked(Int32(module)).path
            for symbol in analysis.declaredSymbols(Int32(module)) where query.isEmpty || symbol.name.lowercased().contains(query) {
                result.append(["name": .string(symbol.name), "kind": .integer(symbol.kind),
                               "location": locations.location(symbol.nameSpan), "containerName": .string(container)])
                if result.count == 500 { return .array(result) }
            }
        }
        return .array(result)
    }
}
