import AuraDiagnostics

/// One frame of a runtime stack trace: `fn_name at file:line:col`.
public struct StackFrameInfo: Sendable, Hashable {
    public var function: String
    public var span: Span
    public init(function: String, span: Span) {
        self.function = function
        self.span = span
    }
}

/// A runtime failure. Builtins throw it with a code and message; the VM fills in where it
/// happened and the stack trace, and it renders like any other diagnostic.
public struct RuntimeError: Error, Sendable {
    public var code: DiagnosticCode
    public var message: String
    public var help: [String]
    /// Where the failing operation is in the source (set by the VM).
    public var span: Span?
    /// Innermost first.
    public var trace: [StackFrameInfo]

    public init(_ code: DiagnosticCode, _ message: String, help: [String] = []) {
        self.code = code
        self.message = message
        self.help = help
        self.span = nil
        self.trace = []
    }

    /// The one conversion of a runtime error into a diagnostic (for `aura run`/`aura test`, plans,
    /// hooks and providers): the failing operation underlined — or `fallback` when the VM recorded
    /// no span — and the stack trace as a note of `function at file:line:col` lines.
    /// `code` and `message` replace the error's own (a failing test is reported as T0001 with the
    /// test's title). Nil when there is neither a span nor a fallback.
    public func diagnostic(in sources: SourceMap, code: DiagnosticCode? = nil, message: String? = nil,
                           fallback: Span? = nil, label: String = "failed here") -> Diagnostic? {
        guard let primary = span ?? fallback else { return nil }
        var notes: [String] = []
        if !trace.isEmpty {
            notes.append("stack trace (innermost first):\n" + StackTraceText.lines(trace, in: sources).joined(separator: "\n"))
        }
        return Diagnostic(code: code ?? self.code, message: message ?? self.message, primary: Label(primary, label), notes: notes, help: help)
    }
}

extension RuntimeError {
    /// The error as `aura run` and `git aura run` print it: a diagnostic with the stack trace,
    /// or its code and message when the VM recorded no location.
    public func rendered(sources: SourceMap, style: TextStyle) -> String {
        if let diagnostic = diagnostic(in: sources) { return PrettyRenderer(style: style).render(diagnostic, in: sources) }
        return "error[\(code)]: \(message)\n"
    }
}
