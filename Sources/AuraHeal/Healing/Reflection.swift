import AuraDiagnostics

/// The words of a rejection a model is told: what verification found after its patch.
enum ReflectionFindings {
    /// Findings are bounded: they go into a prompt.
    static let maxBytes = 4 << 10

    /// `reason`, then the target problem if it is still there, then every problem the patch
    /// introduced, each with its place, message, labels and notes (a stack trace is a note).
    static func describe(reason: String, target: ProblemID, before: Verification, after: Verification) -> String {
        var out = reason + "\n"
        let old = before.problemCounts
        let problems = after.problems
        if let still = problems.first(where: { $0.id == target }) {
            out += "\nThe problem is still there after your patch:\n" + text(still, after.sources)
        }
        let introduced = problems.filter { $0.id != target && (after.problemCounts[$0.id] ?? 0) > (old[$0.id] ?? 0) }
        if !introduced.isEmpty {
            out += "\nYour patch introduced:\n"
            for problem in introduced.prefix(5) { out += text(problem, after.sources) }
        }
        if !before.hasCompileErrors {
            let broken = before.passedTests.subtracting(after.passedTests).sorted()
            for name in broken.prefix(5) where after.failedTests[name] == nil {
                out += "- test \(name) no longer runs\n"
            }
        }
        return UntrustedText.clean(out, limit: maxBytes)
    }

    /// `- T0001 src/calc.aura:6:5: test ... fails: assert_eq: left 3, right -1` with labels and notes.
    static func text(_ problem: Problem, _ sources: SourceMap) -> String {
        let diagnostic = problem.diagnostic
        var out = "- \(diagnostic.code) \(place(diagnostic.primary.span, sources)): \(diagnostic.message)\n"
        for label in [diagnostic.primary] + diagnostic.secondary where !label.message.isEmpty {
            out += "    \(place(label.span, sources)): \(label.message)\n"
        }
        for note in diagnostic.notes { out += "    note: " + note.replacingOccurrences(of: "\n", with: "\n    ") + "\n" }
        return out
    }

    static func place(_ span: Span, _ sources: SourceMap) -> String {
        guard Int(span.file) < sources.files.count else { return "?" }
        let file = sources[span.file]
        let (line, column) = file.location(of: span.start)
        return "\(file.path):\(line):\(column)"
    }
}
