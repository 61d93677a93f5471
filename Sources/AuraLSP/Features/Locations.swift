import AuraDiagnostics
import AuraJSON
import AuraSema

/// Turns the compiler's byte spans into LSP ranges and locations, in the negotiated encoding.
struct Locations {
    let analysis: Analysis
    let workspace: Workspace
    let encoding: PositionEncoding

    func file(_ span: Span) -> SourceFile { analysis.program.sources[span.file] }

    func range(_ span: Span) -> JSON {
        let file = file(span)
        return Self.range(Int(span.start), Int(span.end), in: file, encoding: encoding)
    }

    func location(_ span: Span) -> JSON {
        ["uri": .string(workspace.uri(forPath: file(span).path)), "range": range(span)]
    }

    func uri(_ span: Span) -> String { workspace.uri(forPath: file(span).path) }

    static func range(_ start: Int, _ end: Int, in file: SourceFile, encoding: PositionEncoding) -> JSON {
        let lines = LineTable(starts: file.lineStarts)
        return ["start": position(lines.position(of: start, in: file.bytes, encoding: encoding)),
                "end": position(lines.position(of: end, in: file.bytes, encoding: encoding))]
    }

    static func position(_ position: (line: Int, character: Int)) -> JSON {
        ["line": .integer(Int64(position.line)), "character": .integer(Int64(position.character))]
    }
}
