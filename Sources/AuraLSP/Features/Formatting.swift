import AuraDiagnostics
import AuraFormat
import AuraJSON

extension LanguageServer {
    /// `aura fmt` of the buffer as one minimal edit ([] when it is formatted already). A buffer
    /// that does not parse is left alone and the request fails with the first syntax error, as
    /// `aura fmt` leaves such a file untouched.
    func formatting(_ params: JSON) throws(RPCError) -> JSON {
        let document = try document(params)
        var sources = SourceMap()
        let file = sources.add(path: document.path, bytes: document.bytes)
        switch AuraFormatter.format(file) {
        case let .formatted(text):
            guard let difference = TextDifference(document.bytes, Array(text.utf8)) else { return .array([]) }
            return .array([difference.textEdit(in: document, encoding: encoding)])
        case let .syntaxErrors(diagnostics):
            let first = diagnostics.first.map { Self.describe($0, in: file) } ?? "a syntax error"
            throw RPCError(.requestFailed, "not formatted: the file has syntax errors (\(first))")
        case let .internalError(reason):
            throw RPCError(.internalError, "not formatted: the formatter refused its own output (\(reason))")
        }
    }
}
