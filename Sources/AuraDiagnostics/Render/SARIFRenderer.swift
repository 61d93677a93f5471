import AuraJSON
/// Renders diagnostics as SARIF 2.1.0 so GitHub code scanning (and other viewers) can show them.
public struct SARIFRenderer: Sendable {
    public var toolVersion: String

    public init(toolVersion: String) { self.toolVersion = toolVersion }

    /// One result: a diagnostic, and what a caller knows about it beyond the checker (a heal).
    public struct Result: Sendable {
        public var diagnostic: Diagnostic
        /// `note` for a problem already healed elsewhere; nil: from the severity.
        public var level: String?
        /// A paragraph added to the message (where the heal is).
        public var remark: String?
        /// Replaces the diagnostic's own fixes (a verified change).
        public var fixes: [LineFix]?
        /// `partialFingerprints` entry `auraProblem/v1`: keeps the result's identity across commits.
        public var fingerprint: String?

        public init(_ diagnostic: Diagnostic, level: String? = nil, remark: String? = nil, fixes: [LineFix]? = nil, fingerprint: String? = nil) {
            self.diagnostic = diagnostic
            self.level = level
            self.remark = remark
            self.fixes = fixes
            self.fingerprint = fingerprint
        }
    }

    /// A fix as whole lines replaced, file by file (what a heal's verified diff is).
    public struct LineFix: Sendable {
        public struct Change: Sendable {
            public var path: String
            /// 1-based first line replaced; `removed` lines from there (0: an insertion before it).
            public var startLine: Int
            public var removed: Int
            /// The new lines, each with its newline.
            public var inserted: String

            public init(path: String, startLine: Int, removed: Int, inserted: String) {
                self.path = path
                self.startLine = startLine
                self.removed = removed
                self.inserted = inserted
            }
        }

        public var description: String
        public var changes: [Change]

        public init(description: String, changes: [Change]) {
            self.description = description
            self.changes = changes
        }
    }

    public func render(_ diagnostics: [Diagnostic], in sources: SourceMap) -> String {
        render(results: diagnostics.map { Result($0) }, in: sources)
    }

    public func render(results: [Result], in sources: SourceMap) -> String {
        let diagnostics = results.map(\.diagnostic)
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
        for result in results {
            let d = result.diagnostic
            json.beginObject()
            json.field("ruleId", d.code.rawValue)
            json.field("ruleIndex", codes.firstIndex(of: d.code) ?? 0)
            json.field("level", result.level ?? (d.severity == .error ? "error" : d.severity == .warning ? "warning" : "note"))
            json.key("message"); json.beginObject()
            json.field("text", ([d.message] + d.notes + d.help + (result.remark.map { [$0] } ?? [])).joined(separator: "\n"))
            json.endObject()
            json.key("locations"); json.beginArray()
            writeLocation(d.primary, sources, &json)
            json.endArray()
            if !d.secondary.isEmpty {
                json.key("relatedLocations"); json.beginArray()
                for label in d.secondary { writeLocation(label, sources, &json) }
                json.endArray()
            }
            if let fingerprint = result.fingerprint {
                json.key("partialFingerprints"); json.beginObject(); json.field("auraProblem/v1", fingerprint); json.endObject()
            }
            if let fixes = result.fixes, !fixes.isEmpty {
                json.key("fixes"); json.beginArray()
                for fix in fixes { writeFix(fix, &json) }
                json.endArray()
            } else if !d.fixes.isEmpty {
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

    /// Whole lines replaced: the deleted region runs from column 1 of the first line to column 1
    /// of the line after the last (an empty region for an insertion), so the inserted lines
    /// carry their own newlines.
    private func writeFix(_ fix: LineFix, _ json: inout JSONWriter) {
        json.beginObject()
        json.key("description"); json.beginObject(); json.field("text", fix.description); json.endObject()
        json.key("artifactChanges"); json.beginArray()
        for change in fix.changes {
            json.beginObject()
            json.key("artifactLocation"); json.beginObject(); json.field("uri", change.path); json.endObject()
            json.key("replacements"); json.beginArray(); json.beginObject()
            json.key("deletedRegion"); json.beginObject()
            json.field("startLine", change.startLine)
            json.field("startColumn", 1)
            json.field("endLine", change.startLine + change.removed)
            json.field("endColumn", 1)
            json.endObject()
            json.key("insertedContent"); json.beginObject(); json.field("text", change.inserted); json.endObject()
            json.endObject(); json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
