import AuraJSON

/// Where a request points: the document, the analysis of the workspace and the byte offset.
struct RequestPoint {
    let document: TextDocument
    let analysis: Analysis
    /// Nil when the document is not part of the checked project (outside the root, not open).
    let module: Int32?
    let offset: Int
}

extension LanguageServer {
    func document(_ params: JSON) throws(RPCError) -> TextDocument {
        guard let uri = params["textDocument"]?["uri"]?.string else { throw .invalidParams("the request needs textDocument.uri") }
        return try workspace.document(uri: uri)
    }

    /// The document, analysis and offset of a `TextDocumentPositionParams` request.
    func point(_ params: JSON) throws(RPCError) -> RequestPoint {
        let document = try document(params)
        let offset = try document.offset(params["position"], encoding: encoding)
        let analysis = workspace.analysis()
        return RequestPoint(document: document, analysis: analysis, module: analysis.module(path: document.path), offset: offset)
    }

    func locations(_ analysis: Analysis) -> Locations {
        Locations(analysis: analysis, workspace: workspace, encoding: encoding)
    }
}
