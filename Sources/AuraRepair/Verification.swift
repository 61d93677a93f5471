import AuraDiagnostics
import AuraVM

/// What checking, testing and running a project in memory found.
public struct Verification: Sendable {
    /// Compile-time diagnostics with the path of their file.
    public var diagnostics: [(diagnostic: Diagnostic, path: String)]
    public var sources: SourceMap
    public var testsRun = 0
    public var passedTests: Set<TestName> = []
    public var failedTests: [TestName: RuntimeError] = [:]
    /// Where each failing test's title is.
    public var failedTestSpans: [TestName: Span] = [:]
    /// `main`s that failed in the smoke run, by module.
    public var failedMains: [String: RuntimeError] = [:]
    public var mainsRun = 0
    /// Content key of each module (its bytes and, transitively, its imports').
    public var moduleKeys: [String: String] = [:]
    /// Modules whose earlier results were reused.
    public var skippedModules: Set<String> = []

    public init(diagnostics: [(diagnostic: Diagnostic, path: String)], sources: SourceMap) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    public var hasCompileErrors: Bool { diagnostics.contains { $0.diagnostic.severity == .error } }

    /// Every problem, in a stable order: diagnostics as the checker reported them, then failing
    /// tests, then failing `main`s. Failing tests and `main`s are described by the one runtime
    /// error conversion (`RuntimeError.diagnostic`): a test as T0001 underlining where it failed
    /// (an `assert_eq`) or else its title. Runtime messages quote what repository code computed
    /// (an assertion shows both values), so they are `UntrustedText`: controls escaped, capped.
    public var problems: [Problem] {
        var result = diagnostics.map { Problem(id: ProblemID($0.diagnostic, path: $0.path, in: sources), diagnostic: $0.diagnostic, path: $0.path) }
        for (name, error) in failedTests.sorted(by: { $0.key < $1.key }) {
            guard let titleSpan = failedTestSpans[name] else { continue }
            // A span in another file (a helper the test called) would point the plan elsewhere.
            let inTest = error.span.flatMap { $0.file == titleSpan.file ? $0 : nil }
            var failure = error
            failure.span = inTest ?? titleSpan
            guard var diagnostic = failure.diagnostic(in: sources, code: .testAssertionFailed,
                                                      message: "test \(name) fails: \(UntrustedText.clean(error.message, limit: Self.messageLimit))",
                                                      label: "fails here") else { continue }
            if inTest != nil, inTest != titleSpan { diagnostic.secondary.append(Label(titleSpan, "in this test")) }
            result.append(Problem(id: .test(name), diagnostic: diagnostic, path: name.module))
        }
        for (module, error) in failedMains.sorted(by: { $0.key < $1.key }) {
            let start = sources.file(path: module).map { Span.point($0.id, 0) }
            let message = "`main` of \(module) fails: \(UntrustedText.clean(error.message, limit: Self.messageLimit))"
            guard let diagnostic = error.diagnostic(in: sources, message: message, fallback: start) else { continue }
            result.append(Problem(id: .main(module: module), diagnostic: diagnostic, path: module))
        }
        return result
    }

    /// Longest runtime message kept in a problem (it reaches terminals, the ledger and prompts).
    static let messageLimit = 1024

    /// Problems with multiplicity: the same typo twice is two problems, and fixing one is progress.
    public var problemCounts: [ProblemID: Int] {
        var counts: [ProblemID: Int] = [:]
        for (diagnostic, path) in diagnostics { counts[ProblemID(diagnostic, path: path, in: sources), default: 0] += 1 }
        for name in failedTests.keys { counts[.test(name), default: 0] += 1 }
        for module in failedMains.keys { counts[.main(module: module), default: 0] += 1 }
        return counts
    }

    /// Whether nothing is wrong: no diagnostic of any severity, no failing test or `main`.
    public var isClean: Bool { diagnostics.isEmpty && failedTests.isEmpty && failedMains.isEmpty }

    /// `parse ✓ types ✓ tests 12/12 ✓ vm ✓`
    public var summary: String {
        var parts = ["parse \(parsed ? "✓" : "✗")", "types \(hasCompileErrors ? "✗" : "✓")"]
        if !hasCompileErrors {
            parts.append("tests \(passedTests.count)/\(testsRun) \(failedTests.isEmpty ? "✓" : "✗")")
            parts.append("vm \(failedMains.isEmpty ? "✓" : "✗")")
        }
        return parts.joined(separator: " ")
    }

    /// The trailer form: `parse,types,tests=12/12,vm`.
    public var trailer: String {
        var parts: [String] = []
        if parsed { parts.append("parse") }
        if !hasCompileErrors {
            parts.append("types")
            parts.append("tests=\(passedTests.count)/\(testsRun)")
            if failedMains.isEmpty { parts.append("vm") }
        }
        return parts.joined(separator: ",")
    }

    /// No syntax error (the E01xx range of the registry).
    var parsed: Bool { !diagnostics.contains { DiagnosticCode.syntaxErrors.contains($0.diagnostic.code) } }
}
