import AuraDiagnostics
import AuraJSON
import AuraSema
import AuraSyntax

/// One signature to show: its label and the label's parameter parts.
struct SignatureText {
    var label = ""
    /// UTF-16 offsets of each parameter in `label` (what LSP's `[start, end]` labels count).
    var parameters: [(start: Int, end: Int)] = []

    /// `name(` + parameters + `)` + `: result`.
    init(name: String, parameters: [String], result: String?) {
        label = name + "("
        for (position, parameter) in parameters.enumerated() {
            if position > 0 { label += ", " }
            let start = label.utf16.count
            label += parameter
            self.parameters.append((start, label.utf16.count))
        }
        label += ")"
        if let result { label += ": " + result }
    }

    var json: JSON {
        ["label": .string(label),
         "parameters": .array(parameters.map { ["label": [.integer(Int64($0.start)), .integer(Int64($0.end))]] })]
    }
}

extension LanguageServer {
    /// The signature of the call whose argument list the cursor is in, with the argument under
    /// the cursor active (a piped call's first argument is the value before `|`).
    func signatureHelp(_ params: JSON) throws(RPCError) -> JSON {
        let point = try point(params)
        guard let module = point.module else { return .null }
        let analysis = point.analysis
        let file = analysis.checked(module).tree.file
        let tokens = Lexer.tokenize(file).tokens
        guard let call = enclosingCall(tokens, before: point.offset) else { return .null }
        let signatures = signatures(analysis, module, callee: call.callee, qualifier: call.qualifier, file: file)
        guard !signatures.isEmpty else { return .null }
        let active = call.argument + (call.piped ? 1 : 0)
        let best = signatures.firstIndex { $0.parameters.count > active } ?? 0
        return ["signatures": .array(signatures.map(\.json)), "activeSignature": .integer(Int64(best)),
                "activeParameter": .integer(Int64(active))]
    }

    private struct CallSite {
        var callee: Token
        var qualifier: Token?
        var argument: Int
        var piped: Bool
    }

    /// The innermost `(` still open before `offset` that follows a name, and how many commas of
    /// its own level come before the cursor.
    private func enclosingCall(_ tokens: [Token], before offset: Int) -> CallSite? {
        var open: [(index: Int, commas: Int)] = []
        for (index, token) in tokens.enumerated() where Int(token.start) < offset {
            switch token.kind {
            case .lParen, .lBracket, .lBrace: open.append((index, 0))
            // A zero-width closer is the lexer's repair of an unclosed delimiter (the user is
            // still typing the arguments): the call is still open at the cursor.
            case .rParen, .rBracket, .rBrace: if !open.isEmpty && token.end > token.start { open.removeLast() }
            case .comma: if !open.isEmpty { open[open.count - 1].commas += 1 }
            default: break
            }
        }
        for (index, commas) in open.reversed() where tokens[index].kind == .lParen {
            guard index > 0, tokens[index - 1].kind == .identifier else { continue }
            var site = CallSite(callee: tokens[index - 1], argument: commas, piped: false)
            var before = index - 2
            if before >= 1, tokens[before].kind == .dot, tokens[before - 1].kind == .identifier {
                site.qualifier = tokens[before - 1]
                before -= 2
            }
            site.piped = before >= 0 && tokens[before].kind == .pipe
            return site
        }
        return nil
    }

    private func signatures(_ analysis: Analysis, _ module: Int32, callee: Token, qualifier: Token?, file: SourceFile) -> [SignatureText] {
        let name = file.text(callee.start, callee.end)
        guard let symbol = analysis.program.interner.lookup(name) else { return [] }
        var owner = module
        if let qualifier {
            let base = file.text(qualifier.start, qualifier.end)
            if let alias = analysis.program.interner.lookup(base), let imported = analysis.checked(module).imports[alias] {
                owner = imported
            } else if let entry = analysis.program.builtins.entries.first(where: { $0.capability == base && $0.name == name }) {
                return builtinSignatures(analysis, entry)
            } else {
                return []
            }
        }
        if case let .function(index)? = analysis.checked(owner).topLevel[symbol] {
            let parts = analysis.program.types.functionParts(analysis.program.types.resolved(analysis.checked(owner).functionTypes[Int(index)]))
            return [SignatureText(name: name, parameters: analysis.parameterLabels(owner, index), result: parts.map { analysis.describe($0.result) })]
        }
        if qualifier == nil, let entry = analysis.program.builtins.lookup(symbol) { return builtinSignatures(analysis, entry) }
        return []
    }

    private func builtinSignatures(_ analysis: Analysis, _ entry: BuiltinEntry) -> [SignatureText] {
        entry.overloads.compactMap { overload in
            guard let parts = analysis.program.types.functionParts(analysis.program.types.resolved(overload)) else { return nil }
            return SignatureText(name: entry.displayName, parameters: parts.params.map { analysis.describe($0) }, result: analysis.describe(parts.result))
        }
    }
}
