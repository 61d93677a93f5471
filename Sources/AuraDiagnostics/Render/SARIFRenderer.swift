import AuraJSON
/// Renders diagnostics as SARIF 2.1.0 so GitHub code scanning (and other viewers) can show them.
public struct SARIFRenderer: Sendable {
    public var toolVersion: String

    public init(toolVersion: String) { self.toolVersion = toolVersion }

    public func render(_ diagnostics: [Diagnostic], in sources: SourceMap) -> String {
        let codes = Array(Set(diagnostics.map(\.code))).sorted()
        var json = JSONWriter()
        json.beginObject()
        json.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        json.field("version", "2.1.0")
        json.key("runs"); json.beginArray(); json.beginObject()
        json.key("tool"); json.beginObject(); json.key("driver"); json.beginObject()
        json.field("name", "aura")
        json.field("semanticVersion", toolVersion)
        json.key("rules"); json.beginArray()
        for code in codes {
            json.beginObject()
            json.field("id", code.rawValue)
            json.key("shortDescription"); json.beginObject()
            json.field("text", CodeRegistry.title(of: code) ?? code.rawValue)
            json.endObject()
            if let entry = CodeRegistry.entry(for: code.rawValue) {
                json.key("fullDescription"); json.beginObject(); json.field("text", entry.explanation); json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject(); json.endObject()
        json.key("results"); json.beginArray()
        for d in diagnostics {
            json.beginObject()
            json.field("ruleId", d.code.rawValue)
            json.field("ruleIndex", codes.firstIndex(of: d.code) ?? 0)
            json.field("level", d.severity == .error ? "error" : d.severity == .warning ? "warning" : "note")
            json.key("message"); json.beginObject()
            json.field("text", ([d.message] + d.notes + d.help).joined(separator: "\n"))
            json.endObject()
            json.key("locations"); json.beginArray()
            writeLocation(d.primary, sources, &json)
            json.endArray()
            if !d.secondary.isEmpty {
                json.key("relatedLocations"); json.beginArray()
                for label in d.secondary { writeLocation(label, sources, &json) }
                json.endArray()
            }
            if !d.fixes.isEmpty {
                json.key("fixes"); json.beginArray()
                for fix in d.fixes { writeFix(fix, sources, &json) }
                json.endArray()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject(); json.endArray()
        json.endObject()
        return json.output
    }

    private func writeLocation(_ label: Label, _ sources: SourceMap, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("physicalLocation"); json.beginObject()
        json.key("artifactLocation"); json.beginObject(); json.field("uri", sources[label.span.file].path); json.endObject()
        json.key("region"); writeRegion(label.span, sources, &json)
        json.endObject()
        if !label.message.isEmpty {
            json.key("message"); json.beginObject(); json.field("text", label.message); json.endObject()
        }
        json.endObject()
    }

    private func writeRegion(_ span: Span, _ sources: SourceMap, _ json: inout JSONWriter) {
        let file = sources[span.file]
        let start = file.location(of: span.start), end = file.location(of: span.end)
        json.beginObject()
        json.field("startLine", start.line)
        json.field("startColumn", start.column)
        json.field("endLine", end.line)
        json.field("endColumn", end.column)
        json.endObject()
    }

    private func writeFix(_ fix: Fix, _ sources: SourceMap, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("description"); json.beginObject()
        json.field("text", "\(fix.message) (\(fix.applicability.rawValue))")
        json.endObject()
        json.key("artifactChanges"); json.beginArray()
        let byFile = Dictionary(grouping: fix.edits, by: \.span.file)
        for fileID in byFile.keys.sorted() {
            json.beginObject()
            json.key("artifactLocation"); json.beginObject(); json.field("uri", sources[fileID].path); json.endObject()
            json.key("replacements"); json.beginArray()
            for edit in byFile[fileID]! {
                json.beginObject()
                json.key("deletedRegion"); writeRegion(edit.span, sources, &json)
                json.key("insertedContent"); json.beginObject(); json.field("text", edit.replacement); json.endObject()
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
