import AuraDiagnostics
import AuraJSON
import AuraSema

/// Turns the compiler's byte spans into LSP ranges and locations, in the negotiated encoding.
final class Locations {
    let analysis: Analysis
    let workspace: Workspace
    let encoding: PositionEncoding
    /// Line tables by file, built once per request (a file with many diagnostics needs it often).
    private var tables: [FileID: LineTable] = [:]

    init(analysis: Analysis, workspace: Workspace, encoding: PositionEncoding) {
        self.analysis = analysis
        self.workspace = workspace
        self.encoding = encoding
    }

    func file(_ span: Span) -> SourceFile { analysis.program.sources[span.file] }

    func range(_ span: Span) -> JSON {
        let file = file(span)
        let lines = tables[span.file] ?? LineTable(starts: file.lineStarts)
        tables[span.file] = lines
        return ["start": Self.position(lines.position(of: Int(span.start), in: file.bytes, encoding: encoding)),
                "end": Self.position(lines.position(of: Int(span.end), in: file.bytes, encoding: encoding))]
    }

    func location(_ span: Span) -> JSON {
        ["uri": .string(workspace.uri(forPath: file(span).path)), "range": range(span)]
    }

    func uri(_ span: Span) -> String { workspace.uri(forPath: file(span).path) }

    static func position(_ position: (line: Int, character: Int)) -> JSON {
        ["line": .integer(Int64(position.line)), "character": .integer(Int64(position.character))]
    }
}
