import AuraJSON

extension LanguageServer {
    /// Where the name under the cursor is declared, also in another module (`util.name`,
    /// `util.User`); a module alias goes to the top of its file. Builtins have no source.
    func definition(_ params: JSON) throws(RPCError) -> JSON {
        let point = try point(params)
        guard let module = point.module,
              let occurrence = point.analysis.index.occurrence(module: module, at: point.offset),
              let definition = point.analysis.definition(of: occurrence.target) else { return .null }
        return locations(point.analysis).location(definition.span)
    }

    /// Every use of the name under the cursor across the workspace (with its declaration when
    /// `context.includeDeclaration`).
    func references(_ params: JSON) throws(RPCError) -> JSON {
        let point = try point(params)
        guard let module = point.module,
              let occurrence = point.analysis.index.occurrence(module: module, at: point.offset) else { return .array([]) }
        let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
        let locations = locations(point.analysis)
        let found = point.analysis.index.references(to: occurrence.target)
            .filter { includeDeclaration || !$0.occurrence.isDefinition }
            .map { locations.location($0.occurrence.span) }
        return .array(found)
    }
}
