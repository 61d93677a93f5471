import AuraDiagnostics

/// A test by the module that declares it and its title.
public struct TestName: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Project-relative path of the module.
    public var module: String
    public var title: String

    public init(module: String, title: String) {
        self.module = module
        self.title = title
    }

    /// `src/calc.aura: add adds`, the form plans and messages show.
    public var description: String { "\(module): \(title)" }

    public static func < (lhs: TestName, rhs: TestName) -> Bool { (lhs.module, lhs.title) < (rhs.module, rhs.title) }
}

/// What a problem *is*, independent of how it is worded or where it currently sits, so two
/// verifications of changed code can be compared ("is this problem gone? did a new one appear?")
/// and a checker message can be reworded without changing what the healer matches.
///
/// A compile-time problem is identified by its code, its file and an anchor: the source text its
/// primary label underlines (`generate_reprot` for an unknown name). Spans shift when other code
/// changes; the text under them does not. The same mistake twice is the same id twice, and
/// `Verification.problemCounts` keeps the multiplicity, so fixing one of them is progress.
public enum ProblemID: Hashable, Comparable, Sendable, CustomStringConvertible {
    case diagnostic(code: DiagnosticCode, path: String, anchor: String)
    case test(TestName)
    /// The module's `main` fails in the sandboxed smoke run.
    case main(module: String)

    /// Longest anchor kept: enough to tell two problems in one file apart, and bounded so an
    /// error spanning a whole block does not make its id as large as the block.
    static let maxAnchorBytes = 80

    /// The id of a compile-time diagnostic in `sources`.
    public init(_ diagnostic: Diagnostic, path: String, in sources: SourceMap) {
        self = .diagnostic(code: diagnostic.code, path: path, anchor: ProblemID.anchor(diagnostic.primary.span, in: sources))
    }

    /// The first line of the text under `span`, at most `maxAnchorBytes`.
    static func anchor(_ span: Span, in sources: SourceMap) -> String {
        guard Int(span.file) < sources.files.count else { return "" }
        let bytes = sources[span.file].bytes
        let start = min(Int(span.start), bytes.count)
        var end = min(Int(span.end), bytes.count, start + maxAnchorBytes)
        if let newline = bytes[start..<end].firstIndex(of: 0x0A) { end = newline }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether this is a compile-time diagnostic (not a failing test or `main`).
    public var isDiagnostic: Bool { if case .diagnostic = self { return true }; return false }

    /// The file the problem is in (the module, for tests and `main`).
    public var path: String {
        switch self {
        case let .diagnostic(_, path, _): return path
        case let .test(name): return name.module
        case let .main(module): return module
        }
    }

    /// `E0201 src/app.aura "generate_reprot"`, `test src/calc.aura: add adds`, `main src/app.aura`.
    public var description: String {
        switch self {
        case let .diagnostic(code, path, anchor): return "\(code) \(path) \"\(anchor)\""
        case let .test(name): return "test \(name)"
        case let .main(module): return "main \(module)"
        }
    }

    public static func < (lhs: ProblemID, rhs: ProblemID) -> Bool { lhs.description < rhs.description }
}

/// A problem found by verification: its identity, the diagnostic that describes it (for plans,
/// renderers and providers), and its file.
public struct Problem: Sendable {
    public var id: ProblemID
    public var diagnostic: Diagnostic
    /// Project-relative path of the file the diagnostic is in.
    public var path: String

    public init(id: ProblemID, diagnostic: Diagnostic, path: String) {
        self.id = id
        self.diagnostic = diagnostic
        self.path = path
    }
}
