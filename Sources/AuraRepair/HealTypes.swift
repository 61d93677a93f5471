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
    /// What this candidate repairs (one of the request's problems).
    public var problem: Problem
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
    /// A model's answer as it sent it (the `propose_fix` arguments as JSON text): what a
    /// follow-up request quotes back when this candidate is rejected. Nil for rules.
    public var answer: String?
    /// Requests made to produce it (1 + retries; 0 for rules, or when a budget stopped the request).
    public var requests = 0
    /// The model that answered (`claude-sonnet-4-5`); nil for rules.
    public var model: String?

    public init(problem: Problem, rule: String, provider: String, edits: [FileEdit],
                explanation: String, confidence: Double, risk: Risk, usage: TokenUsage? = nil, rejection: String? = nil,
                answer: String? = nil, requests: Int = 0) {
        self.problem = problem
        self.answer = answer
        self.requests = requests
        self.usage = usage
        self.rejection = rejection
        self.rule = rule
        self.provider = provider
        self.edits = edits
        self.explanation = explanation
        self.confidence = confidence
        self.risk = risk
    }

    public var diagnostic: Diagnostic { problem.diagnostic }
    public var diagnosticPath: String { problem.path }
}

/// What providers see: the problems to heal and the text of the files involved.
public struct HealRequest: Sendable {
    /// Compile-time diagnostics and failing tests (rules fix the former; models may fix both).
    public var problems: [Problem]
    /// Project-relative path → contents, for every `.aura` file of the project.
    public var files: [String: [UInt8]]
    public var sources: SourceMap
    /// The rejected answers for each problem, oldest first: a follow-up request (`reflect`)
    /// carries them, with what verification found, as earlier turns of the conversation.
    public var rejected: [ProblemID: [RejectedAttempt]] = [:]

    public init(problems: [Problem], files: [String: [UInt8]], sources: SourceMap) {
        self.problems = problems
        self.files = files
        self.sources = sources
    }

    /// What providers are asked about in `verification`: its diagnostics and failing tests
    /// (a failing `main` has no single place to fix).
    public init(verification: Verification, files: [String: [UInt8]]) {
        self.init(problems: verification.problems.filter { if case .main = $0.id { return false }; return true },
                  files: files, sources: verification.sources)
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
    /// Candidates for the request's problems, each of which has rejected answers from this
    /// provider in `request.rejected`: a model is asked again with its rejected patches and what
    /// verification found. Providers that cannot take feedback (rules, replay) propose nothing.
    func reflect(_ request: HealRequest) async throws -> [HealCandidate]
}

extension HealProvider {
    public func reflect(_ request: HealRequest) async throws -> [HealCandidate] { [] }
}
