import AuraDiagnostics
import AuraGit

/// A problem's stable key for its heal branch (`aura/heal/<key>`): the code, the file, the
/// declaration the problem is in and its anchor text — never a line number, so an edit elsewhere
/// in the file, or a later commit that still has the problem, gives the same key.
public enum ProblemKey {
    /// `p-` and 12 hex digits of the hash of the problem's identity.
    public static func key(of problem: Problem, in sources: SourceMap, coverage: ProblemDeclarations) -> String {
        let identity: [String]
        switch problem.id {
        case let .diagnostic(code, path, anchor):
            let declaration = coverage.declaration(path, Int(problem.diagnostic.primary.span.start)) ?? ""
            identity = [code.rawValue, path, declaration, anchor]
        case let .test(name):
            identity = ["test", name.module, name.title]
        case let .main(module):
            identity = ["main", module]
        }
        return "p-" + ObjectID.hashing(Array(identity.joined(separator: "\n").utf8)).hex.prefix(12)
    }

    /// The key of every problem `verification` found, in the order of `verification.problems`
    /// (two problems with one `ProblemID` — the same typo in two functions — can differ in key).
    public static func keys(of verification: Verification) -> [String] {
        let declarations = ProblemDeclarations(verification.sources)
        return verification.problems.map { key(of: $0, in: verification.sources, coverage: declarations) }
    }
}

/// The top-level declaration (function or constant) around an offset, per file of a project.
public struct ProblemDeclarations {
    private let coverage: TestCoverage

    public init(_ sources: SourceMap) {
        var files: [String: [UInt8]] = [:]
        for file in sources.files { files[file.path] = file.bytes }
        coverage = TestCoverage(files: files)
    }

    /// The name of the declaration in `path` that contains `offset`, nil at the top level.
    public func declaration(_ path: String, _ offset: Int) -> String? { coverage.enclosingDeclaration(path, offset) }
}
