import AuraJSON

extension LanguageServer {
    /// The declaration of the name under the cursor (type, signature) and its doc comment; for
    /// any other expression, its type.
    func hover(_ params: JSON) throws(RPCError) -> JSON {
        let point = try point(params)
        guard let module = point.module else { return .null }
        let analysis = point.analysis
        let locations = locations(analysis)
        if let occurrence = analysis.index.occurrence(module: module, at: point.offset),
           let signature = analysis.signature(of: occurrence.target) {
            var text = "```aura\n" + signature + "\n```"
            if let doc = analysis.documentation(of: occurrence.target) { text += "\n\n" + doc }
            return ["contents": ["kind": "markdown", "value": .string(text)], "range": locations.range(occurrence.span)]
        }
        guard let expression = analysis.innermostExpression(module, at: point.offset) else { return .null }
        let checked = analysis.checked(module)
        let type = analysis.describe(checked.exprTypes[Int(expression)])
        guard type != "?" else { return .null }
        return ["contents": ["kind": "markdown", "value": .string("```aura\n" + type + "\n```")],
                "range": locations.range(checked.tree.spans[Int(expression)])]
    }
}
