import AuraJSON
/// Renders diagnostics as JSON with the stable schema documented in docs/diagnostics-json.md.
/// Lines and columns are 1-based; `start`/`end` are UTF-8 byte offsets (end exclusive).
public struct JSONRenderer: Sendable {
    public static let schemaVersion = 1

    public init() {}

    public func render(_ diagnostics: [Diagnostic], in sources: SourceMap) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("version", JSONRenderer.schemaVersion)
        json.key("diagnostics")
        json.beginArray()
        for diagnostic in diagnostics { write(diagnostic, sources, &json) }
        json.endArray()
        json.key("summary")
        json.beginObject()
        json.field("errors", diagnostics.filter { $0.severity == .error }.count)
        json.field("warnings", diagnostics.filter { $0.severity == .warning }.count)
        json.endObject()
        json.endObject()
        return json.output
    }

    private func write(_ d: Diagnostic, _ sources: SourceMap, _ json: inout JSONWriter) {
        json.beginObject()
        json.field("code", d.code.rawValue)
        json.field("severity", d.severity.rawValue)
        json.field("message", d.message)
        json.key("primary")
        writeLabel(d.primary, sources, &json)
        json.key("secondary")
        json.beginArray()
        for label in d.secondary { writeLabel(label, sources, &json) }
        json.endArray()
        json.key("notes"); writeStrings(d.notes, &json)
        json.key("help"); writeStrings(d.help, &json)
        json.key("fixes")
        json.beginArray()
        for fix in d.fixes {
            json.beginObject()
            json.field("message", fix.message)
            json.field("applicability", fix.applicability.rawValue)
            if let rule = fix.rule { json.field("rule", rule) }
            json.key("edits")
            json.beginArray()
            for edit in fix.edits {
                json.beginObject()
                writeSpanFields(edit.span, sources, &json)
                json.field("replacement", edit.replacement)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private func writeLabel(_ label: Label, _ sources: SourceMap, _ json: inout JSONWriter) {
        json.beginObject()
        writeSpanFields(label.span, sources, &json)
        json.field("message", label.message)
        json.endObject()
    }

    private func writeSpanFields(_ span: Span, _ sources: SourceMap, _ json: inout JSONWriter) {
        let file = sources[span.file]
        let start = file.location(of: span.start), end = file.location(of: span.end)
        json.field("file", file.path)
        json.field("line", start.line)
        json.field("column", start.column)
        json.field("endLine", end.line)
        json.field("endColumn", end.column)
        json.field("start", Int(span.start))
        json.field("end", Int(span.end))
    }

    private func writeStrings(_ strings: [String], _ json: inout JSONWriter) {
        json.beginArray()
        for s in strings { json.string(s) }
        json.endArray()
    }
}
