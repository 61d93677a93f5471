/// How serious a diagnostic is. Errors stop `aura run`; warnings never do.
public enum Severity: String, Sendable, Codable, Comparable {
    case error, warning, note

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
}

/// A stable diagnostic code such as `E0201` (see `CodeRegistry` and docs/errors/).
public struct DiagnosticCode: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A span with a short message, drawn under the source line.
public struct Label: Hashable, Sendable {
    public var span: Span
    public var message: String
    public init(_ span: Span, _ message: String = "") {
        self.span = span
        self.message = message
    }
}

/// One problem found in the user's code. Pure data: renderers decide how it looks.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    /// One line, lower case, no trailing period: "unknown name `generate_reprot`".
    public var message: String
    public var primary: Label
    public var secondary: [Label]
    /// Facts that explain the problem ("`print!` is effectful").
    public var notes: [String]
    /// What the user could do ("a function with a similar name exists: `generate_report`").
    public var help: [String]
    /// Machine-readable repairs, best first.
    public var fixes: [Fix]

    public init(
        code: DiagnosticCode, severity: Severity = .error, message: String, primary: Label,
        secondary: [Label] = [], notes: [String] = [], help: [String] = [], fixes: [Fix] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.fixes = fixes
    }

    public var span: Span { primary.span }
}

extension Diagnostic {
    /// Orders by file, position, then code: the order users read them in.
    public static func sourceOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.span.file != rhs.span.file { return lhs.span.file < rhs.span.file }
        if lhs.span.start != rhs.span.start { return lhs.span.start < rhs.span.start }
        return lhs.code < rhs.code
    }
}
