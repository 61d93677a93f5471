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

    /// As a diagnostic for the pretty renderer (trace as notes).
    public func diagnostic(label: String = "failed here") -> Diagnostic? {
        guard let span else { return nil }
        let notes = trace.isEmpty ? [] : ["stack trace (innermost first):\n" + trace.map { "\($0.function) at \($0.span)" }.joined(separator: "\n")]
        return Diagnostic(code: code, message: message, primary: Label(span, label), notes: notes, help: help)
    }
}
