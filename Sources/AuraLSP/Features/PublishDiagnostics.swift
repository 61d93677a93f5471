import AuraDiagnostics
import AuraJSON

extension LanguageServer {
    /// Publishes the diagnostics of every open buffer (an empty list for a clean one, so the
    /// client knows it was checked) and of every other file of the workspace that has any, and an
    /// empty list for each file that had some and is clean now.
    func publishDiagnostics() {
        let analysis = workspace.analysis()
        let locations = Locations(analysis: analysis, workspace: workspace, encoding: encoding)
        let byPath = analysis.diagnosticsByPath
        let versions = Dictionary(workspace.documents.values.map { ($0.path, $0.version) }, uniquingKeysWith: { first, _ in first })
        for path in Set(byPath.keys).union(published).union(versions.keys).sorted() {
            let diagnostics = byPath[path] ?? []
            var params: [(String, JSON)] = [("uri", .string(workspace.uri(forPath: path)))]
            if let version = versions[path] { params.append(("version", .integer(Int64(version)))) }
            params.append(("diagnostics", .array(diagnostics.map { Self.lsp($0, locations) })))
            writer.send(JSONRPC.notification("textDocument/publishDiagnostics", .object(params)))
            if diagnostics.isEmpty { published.remove(path) } else { published.insert(path) }
        }
    }

    /// An AURA diagnostic as LSP shows it: the message with its primary label, notes and help on
    /// the lines below; secondary labels as related information.
    static func lsp(_ diagnostic: Diagnostic, _ locations: Locations) -> JSON {
        var message = diagnostic.message
        if !diagnostic.primary.message.isEmpty { message += "\n" + diagnostic.primary.message }
        for note in diagnostic.notes { message += "\nnote: " + note }
        for help in diagnostic.help { message += "\nhelp: " + help }
        let severity: Int64 = switch diagnostic.severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
        var fields: [(String, JSON)] = [
            ("range", locations.range(diagnostic.primary.span)),
            ("severity", .integer(severity)),
            ("code", .string(diagnostic.code.rawValue)),
            ("source", "aura"),
            ("message", .string(message)),
        ]
        let related = diagnostic.secondary.filter { !$0.message.isEmpty }.map { label -> JSON in
            ["location": locations.location(label.span), "message": .string(label.message)]
        }
        if !related.isEmpty { fields.append(("relatedInformation", .array(related))) }
        return .object(fields)
    }
}
