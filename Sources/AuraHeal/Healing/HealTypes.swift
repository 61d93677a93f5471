import AuraDiagnostics

/// How much could go wrong if a change is applied without a human looking (ARCHITECTURE.md §3).
public enum Risk: Int, Comparable, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case safe, low, medium, high, critical

    public static func < (lhs: Risk, rhs: Risk) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(describing: name) }
    public var name: String { ["safe", "low", "medium", "high", "critical"][rawValue] }

    public init?(name: String) {
        guard let index = ["safe", "low", "medium", "high", "critical"].firstIndex(of: name.lowercased()) else { return nil }
        self.init(rawValue: index)
    }
}

/// A replacement of bytes in one file, by project-relative path.
public struct FileEdit: Hashable, Sendable {
    public var path: String
    public var start: Int
    public var end: Int
    public var replacement: String

    public init(path: String, start: Int, end: Int, replacement: String) {
        self.path = path
        self.start = start
        self.end = end
        self.replacement = replacement
    }
}

/// A proposed repair from a provider.
public struct HealCandidate: Sendable {
    /// What this candidate repairs.
    public var diagnostic: Diagnostic
    public var diagnosticPath: String
    /// `rules/missing-bang`, `claude/patch`, ...
    public var rule: String
    public var provider: String
    public var edits: [FileEdit]
    public var explanation: String
    public var confidence: Double
    /// The provider's own estimate; the classifier may raise it, never lower it.
    public var risk: Risk
    /// Model tokens spent producing this candidate (nil for offline providers).
    public var usage: TokenUsage?
    /// Why the provider could not produce a usable patch (malformed answer, old text that does not
    /// match, a refused path, ...). A candidate with a rejection is never applied; the reason is
    /// shown in the plan.
    public var rejection: String?

    public init(diagnostic: Diagnostic, diagnosticPath: String, rule: String, provider: String, edits: [FileEdit],
                explanation: String, confidence: Double, risk: Risk, usage: TokenUsage? = nil, rejection: String? = nil) {
        self.usage = usage
        self.rejection = rejection
        self.diagnostic = diagnostic
        self.diagnosticPath = diagnosticPath
        self.rule = rule
        self.provider = provider
        self.edits = edits
        self.explanation = explanation
        self.confidence = confidence
        self.risk = risk
    }
}

/// What providers see: the diagnostics to heal and the text of the files involved.
public struct HealRequest: Sendable {
    public var diagnostics: [(diagnostic: Diagnostic, path: String)]
    /// Project-relative path → contents, for every `.aura` file of the project.
    public var files: [String: [UInt8]]
    public var sources: SourceMap

    public init(diagnostics: [(diagnostic: Diagnostic, path: String)], files: [String: [UInt8]], sources: SourceMap) {
        self.diagnostics = diagnostics
        self.files = files
        self.sources = sources
    }
}

/// Tokens a model provider used (input = prompt, output = answer).
public struct TokenUsage: Sendable, Equatable, Codable {
    public var input: Int
    public var output: Int

    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(input: lhs.input + rhs.input, output: lhs.output + rhs.output)
    }
}

/// A source of candidate fixes: the built-in rules, or a model (issue #8).
public protocol HealProvider: Sendable {
    var name: String { get }
    func propose(_ request: HealRequest) async throws -> [HealCandidate]
}
