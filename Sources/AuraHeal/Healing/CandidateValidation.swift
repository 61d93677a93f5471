import AuraDiagnostics
import AuraSyntax

/// Checks a candidate before anything is applied, and classifies its risk.
public enum CandidateValidation {
    /// Largest change a single candidate may make (bytes inserted or removed).
    public static let maxEditBytes = 64 << 10

    public enum Rejection: Error, CustomStringConvertible, Equatable {
        case unsafePath(String)
        case unknownFile(String)
        case outOfRange(String)
        case overlapping(String)
        case tooLarge(Int)
        case empty

        public var description: String {
            switch self {
            case let .unsafePath(path): return "refused to edit `\(path)`: outside the project, under .git, or a hook"
            case let .unknownFile(path): return "`\(path)` is not an AURA file of this project"
            case let .outOfRange(path): return "an edit of `\(path)` falls outside the file"
            case let .overlapping(path): return "edits of `\(path)` overlap"
            case let .tooLarge(bytes): return "the change is too large (\(bytes) bytes)"
            case .empty: return "the candidate changes nothing"
            }
        }
    }

    /// Applies a candidate's edits to the files in memory, or says why it cannot.
    public static func apply(_ candidate: HealCandidate, to files: [String: [UInt8]]) throws(Rejection) -> [String: [UInt8]] {
        guard !candidate.edits.isEmpty else { throw .empty }
        var size = 0
        var result: [String: [UInt8]] = [:]
        for (path, edits) in Dictionary(grouping: candidate.edits, by: \.path) {
            guard isSafe(path) else { throw .unsafePath(path) }
            guard let original = files[path] else { throw .unknownFile(path) }
            for edit in edits {
                guard edit.start >= 0, edit.start <= edit.end, edit.end <= original.count else { throw .outOfRange(path) }
                size += (edit.end - edit.start) + edit.replacement.utf8.count
            }
            let textEdits = edits.map { TextEdit(span: Span(file: 0, start: UInt32($0.start), end: UInt32($0.end)), replacement: $0.replacement) }
            guard let updated = TextEdit.apply(textEdits, to: original) else { throw .overlapping(path) }
            result[path] = updated
        }
        guard size <= maxEditBytes else { throw .tooLarge(size) }
        return result
    }

    /// Project-relative, no `..`, not under `.git/` and not a hook script.
    public static func isSafe(_ path: String) -> Bool {
        if path.isEmpty || path.hasPrefix("/") || path.contains("\\") { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) { return false }
        if parts.first == ".git" || parts.contains(".git") { return false }
        if parts.first == "hooks" || parts.contains(".githooks") || parts.contains(".husky") { return false }
        return path.hasSuffix(".aura")
    }

    /// The candidate's risk: its rule's class, raised to `critical` for edits inside tests or
    /// test files and for net deletion of code, and to at least `medium` for model patches.
    public static func classify(_ candidate: HealCandidate, files: [String: [UInt8]]) -> Risk {
        var risk = candidate.risk
        if candidate.provider != "rules" { risk = max(risk, .medium) }
        var testBlocks: [String: [Range<Int>]] = [:] // per file, parsed once however many edits it has
        for edit in candidate.edits {
            let name = edit.path.split(separator: "/").last.map(String.init) ?? edit.path
            if name.hasPrefix("test") || name.hasSuffix("_test.aura") || edit.path.split(separator: "/").contains("tests") {
                risk = .critical
            }
            guard let bytes = files[edit.path] else { continue }
            if testBlocks[edit.path] == nil { testBlocks[edit.path] = testBlockRanges(edit.path, bytes) }
            if testBlocks[edit.path]!.contains(where: { $0.lowerBound <= edit.start && edit.end <= $0.upperBound }) { risk = .critical }
        }
        let headerRules: Set<String> = ["rules/unused-capability", "rules/duplicate-capability", "rules/move-header"]
        if !headerRules.contains(candidate.rule) {
            let removed = candidate.edits.reduce(0) { total, edit in
                guard let bytes = files[edit.path], edit.end <= bytes.count else { return total }
                return total + bytes[edit.start..<edit.end].filter { $0 > 0x20 }.count
            }
            let inserted = candidate.edits.reduce(0) { $0 + $1.replacement.utf8.filter { $0 > 0x20 }.count }
            if removed > 0 && inserted == 0 { risk = .critical }
        }
        return risk
    }

    /// Byte ranges of the file's `test "..." { }` blocks.
    static func testBlockRanges(_ path: String, _ bytes: [UInt8]) -> [Range<Int>] {
        let tree = Parser.parse(SourceFile(id: 0, path: path, bytes: bytes), interner: Interner())
        return tree.tests.map { Int($0.span.start)..<Int($0.span.end) }
    }
}
