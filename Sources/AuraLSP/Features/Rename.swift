import AuraDiagnostics
import AuraJSON
import AuraSema
import AuraSyntax

extension LanguageServer {
    /// The name under the cursor if it can be renamed; otherwise the request fails with why.
    func prepareRename(_ params: JSON) throws(RPCError) -> JSON {
        let point = try point(params)
        let occurrence = try renameable(point)
        let name = String(decoding: point.document.bytes[Int(occurrence.span.start)..<Int(occurrence.span.end)], as: UTF8.self)
        return ["range": locations(point.analysis).range(occurrence.span), "placeholder": .string(name)]
    }

    /// Renames a local, function, constant, record, sum type or variant everywhere in the
    /// workspace — only when the project checks before and still checks after (a new name that
    /// collides with another is refused, never half-applied).
    func rename(_ params: JSON) throws(RPCError) -> JSON {
        guard let newName = params["newName"]?.string else { throw .invalidParams("rename needs `newName`") }
        let point = try point(params)
        let analysis = point.analysis
        let occurrence = try renameable(point)
        let oldName = String(decoding: point.document.bytes[Int(occurrence.span.start)..<Int(occurrence.span.end)], as: UTF8.self)
        try validate(newName, replacing: oldName, target: occurrence.target)
        let references = analysis.index.references(to: occurrence.target)
        if references.contains(where: { $0.occurrence.isShorthand }) {
            throw RPCError(.requestFailed, "`\(oldName)` is bound by a field pattern shorthand (`{ \(oldName) }`); write `{ \(oldName): \(oldName) }` first")
        }
        // Check the renamed project before answering.
        var byPath: [String: [TextEdit]] = [:]
        for (module, found) in references {
            byPath[analysis.checked(module).path, default: []].append(TextEdit(span: found.span, replacement: newName))
        }
        var renamed = analysis.files
        for (path, edits) in byPath {
            guard let bytes = renamed[path], let updated = TextEdit.apply(edits, to: bytes) else {
                throw RPCError(.requestFailed, "cannot rename: the uses of `\(oldName)` in \(path) overlap")
            }
            renamed[path] = updated
        }
        let after = Analysis(files: renamed)
        if let error = after.program.diagnostics.first(where: { $0.severity == .error }) {
            throw RPCError(.requestFailed, "renaming `\(oldName)` to `\(newName)` would not check: \(Self.describe(error, after))")
        }
        let locations = locations(analysis)
        var changes: [(String, JSON)] = []
        for (_, found) in references {
            let uri = locations.uri(found.span)
            let edit: JSON = ["range": locations.range(found.span), "newText": .string(newName)]
            if let index = changes.firstIndex(where: { $0.0 == uri }), case let .array(list) = changes[index].1 {
                changes[index].1 = .array(list + [edit])
            } else {
                changes.append((uri, .array([edit])))
            }
        }
        return ["changes": .object(changes)]
    }

    /// The occurrence under the cursor, if renaming it is supported and the project checks.
    private func renameable(_ point: RequestPoint) throws(RPCError) -> Occurrence {
        guard let module = point.module, let occurrence = point.analysis.index.occurrence(module: module, at: point.offset) else {
            throw RPCError(.requestFailed, "there is no name to rename here")
        }
        switch occurrence.target {
        case .builtin: throw RPCError(.requestFailed, "builtins cannot be renamed")
        case .module: throw RPCError(.requestFailed, "a module is renamed by renaming its file and its `use` lines")
        case .field: throw RPCError(.requestFailed, "renaming record fields is not supported (their names are also the JSON and database column names)")
        default: break
        }
        if let error = point.analysis.program.diagnostics.first(where: { $0.severity == .error }) {
            throw RPCError(.requestFailed, "rename needs a project that checks; first fix \(Self.describe(error, point.analysis))")
        }
        return occurrence
    }

    private func validate(_ newName: String, replacing oldName: String, target: SymbolTarget) throws(RPCError) {
        let bytes = Array(newName.utf8)
        let isType: Bool = switch target {
        case .record, .sum: true
        default: false
        }
        let effectful = oldName.hasSuffix("!")
        let body = effectful ? bytes.dropLast() : bytes[...]
        guard let first = body.first, body.allSatisfy({ Self.isNameByte($0) && $0 != 0x21 }),
              !(first >= 0x30 && first <= 0x39) else {
            throw RPCError(.requestFailed, "`\(newName)` is not a name")
        }
        if effectful != newName.hasSuffix("!") {
            throw RPCError(.requestFailed, effectful ? "`\(oldName)` performs effects: its new name must end in `!`"
                                                     : "only a function that performs effects has a name ending in `!`")
        }
        let upper = first >= 0x41 && first <= 0x5A
        if isType && !upper { throw RPCError(.requestFailed, "a type or variant name starts with a capital letter") }
        if !isType && upper { throw RPCError(.requestFailed, "`\(newName)` starts with a capital letter, which AURA keeps for types and variants") }
        if AuraKeywords.all.contains(newName) { throw RPCError(.requestFailed, "`\(newName)` is a keyword") }
    }

    /// `E0201 at app.aura:3:5: unknown name `x``.
    static func describe(_ diagnostic: Diagnostic, _ analysis: Analysis) -> String {
        describe(diagnostic, in: analysis.program.sources[diagnostic.span.file])
    }

    static func describe(_ diagnostic: Diagnostic, in file: SourceFile) -> String {
        let (line, column) = file.location(of: diagnostic.span.start)
        return "\(diagnostic.code) at \(file.path):\(line):\(column): \(diagnostic.message)"
    }
}
