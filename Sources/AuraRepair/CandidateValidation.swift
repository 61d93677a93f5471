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
            case let .unsafePath(path): return "refused to edit `\(path)`: outside the project, under .git, or in the hooks directory git runs"
            case let .unknownFile(path): return "`\(path)` is not an AURA file of this project"
            case let .outOfRange(path): return "an edit of `\(path)` falls outside the file"
            case let .overlapping(path): return "edits of `\(path)` overlap"
            case let .tooLarge(bytes): return "the change is too large (\(bytes) bytes)"
            case .empty: return "the candidate changes nothing"
            }
        }
    }

    /// Applies a candidate's edits to the files in memory, or says why it cannot.
    /// `hooksDirectory`: see `isSafe`.
    public static func apply(_ candidate: HealCandidate, to files: [String: [UInt8]], hooksDirectory: String? = nil) throws(Rejection) -> [String: [UInt8]] {
        guard !candidate.edits.isEmpty else { throw .empty }
        var size = 0
        var result: [String: [UInt8]] = [:]
        for (path, edits) in Dictionary(grouping: candidate.edits, by: \.path) {
            guard isSafe(path, hooksDirectory: hooksDirectory) else { throw .unsafePath(path) }
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

    /// Project-relative, no `..`, not under `.git/`, not a NUL byte, an `.aura` file — and not in
    /// `hooksDirectory`, the project path of the directory git runs hooks from when
    /// `core.hooksPath` puts it inside the working tree (see `HooksDirectory.projectPrefix`).
    ///
    /// A directory merely named `hooks/` is ordinary code, and a backslash is an ordinary byte of a
    /// file name on Linux and macOS (git stores it as is), so neither is refused.
    public static func isSafe(_ path: String, hooksDirectory: String? = nil) -> Bool {
        if path.isEmpty || path.hasPrefix("/") || path.utf8.contains(0) { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) { return false }
        if parts.contains(where: { $0.lowercased() == ".git" }) { return false }
        if let hooks = hooksDirectory, !hooks.isEmpty, path == hooks || path.hasPrefix(hooks + "/") { return false }
        return path.hasSuffix(".aura")
    }

    /// The candidate's risk: its rule's class, raised to at least `medium` for model patches, to
    /// `critical` for net deletion of code and for the patch classes of `PatchSafety` (tests edited
    /// or weakened, most of a file replaced, a failing test's inputs special-cased).
    public static func classify(_ candidate: HealCandidate, files: [String: [UInt8]]) -> Risk {
        assess(candidate, files: files).risk
    }

    /// The risk and, when a patch class raised it, why (shown in the plan).
    public static func assess(_ candidate: HealCandidate, files: [String: [UInt8]]) -> (risk: Risk, reason: String?) {
        var risk = candidate.risk
        if candidate.provider != "rules" { risk = max(risk, .medium) }
        let updated = (try? apply(candidate, to: files)) ?? [:]
        if let critical = PatchSafety.criticalReason(edits: candidate.edits, files: files, updated: updated) {
            return (.critical, critical)
        }
        let headerRules: Set<String> = ["rules/unused-capability", "rules/duplicate-capability", "rules/move-header"]
        if !headerRules.contains(candidate.rule) {
            let removed = candidate.edits.reduce(0) { total, edit in
                guard let bytes = files[edit.path], edit.start >= 0, edit.start <= edit.end, edit.end <= bytes.count else { return total }
                return total + bytes[edit.start..<edit.end].filter { $0 > 0x20 }.count
            }
            let inserted = candidate.edits.reduce(0) { $0 + $1.replacement.utf8.filter { $0 > 0x20 }.count }
            if removed > 0 && inserted == 0 { return (.critical, "it only deletes code") }
        }
        if let special = PatchSafety.specialCasingReason(edits: candidate.edits, target: candidate.problem.id, files: files) {
            return (.critical, special)
        }
        return (risk, nil)
    }
}
