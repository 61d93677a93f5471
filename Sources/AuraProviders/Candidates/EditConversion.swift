import AuraHeal

/// Turns a model's line-based edits into byte-offset `FileEdit`s — or refuses, with a reason.
///
/// A model's answer is data, never an instruction: whatever the repository's text asked the
/// model to do, an edit may only touch a file named by the diagnostics being healed, never a path
/// outside the project, under `.git/` or in git's hooks directory, its `old_text` must match exactly at its line,
/// and the patch must be small.
public enum EditConversion {
    /// Size limits of one model patch.
    public struct Limits: Sendable, Equatable {
        public var maxEdits = 16
        /// Bytes removed plus bytes inserted, over all edits.
        public var maxBytes = 8 << 10

        public init(maxEdits: Int = 16, maxBytes: Int = 8 << 10) {
            self.maxEdits = maxEdits
            self.maxBytes = maxBytes
        }
    }

    /// Why a proposed edit cannot be used.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case unsafePath(String)
        case notAllowed(String, allowed: [String])
        case unknownFile(String)
        case noSuchLine(String, Int)
        case oldTextMismatch(String, Int)
        case ambiguous(String, Int, Int)
        case tooManyEdits(Int, limit: Int)
        case tooLarge(Int, limit: Int)
        case noEdits
        case unchanged

        public var description: String {
            switch self {
            case let .unsafePath(path):
                return "refused to edit `\(path)`: outside the project, under .git or git's hooks directory, or not an .aura file"
            case let .notAllowed(path, allowed):
                return "refused to edit `\(path)`: not a file of the diagnostics being healed (\(allowed.joined(separator: ", ")))"
            case let .unknownFile(path): return "`\(path)` is not a file of this project"
            case let .noSuchLine(path, line): return "`\(path)` has no line \(line)"
            case let .oldTextMismatch(path, line): return "the old text does not match `\(path)` at line \(line)"
            case let .ambiguous(path, line, count): return "the old text occurs \(count) times at `\(path)` line \(line)"
            case let .tooManyEdits(count, limit): return "the patch has \(count) edits (at most \(limit))"
            case let .tooLarge(bytes, limit): return "the patch is too large (\(bytes) bytes changed, at most \(limit))"
            case .noEdits: return "the patch has no edits"
            case .unchanged: return "the patch changes nothing"
            }
        }

        /// The patch reached for a file it may not edit (rather than getting an edit wrong).
        public var isSafetyRefusal: Bool {
            switch self {
            case .unsafePath, .notAllowed: return true
            default: return false
            }
        }
    }

    /// Converts `edits`, all of which must pass, against the project's files.
    /// - Parameter allowed: the project paths the patch may touch (files of the diagnostics).
    public static func fileEdits(_ edits: [FixSchema.Proposal.Edit], files: [String: [UInt8]], allowed: Set<String>,
                                 limits: Limits = Limits()) throws(Refusal) -> [FileEdit] {
        guard !edits.isEmpty else { throw .noEdits }
        guard edits.count <= limits.maxEdits else { throw .tooManyEdits(edits.count, limit: limits.maxEdits) }
        let size = edits.reduce(0) { $0 + $1.oldText.utf8.count + $1.newText.utf8.count }
        guard size <= limits.maxBytes else { throw .tooLarge(size, limit: limits.maxBytes) }
        guard edits.contains(where: { $0.oldText != $0.newText }) else { throw .unchanged }
        var result: [FileEdit] = []
        for edit in edits {
            // Checked before anything else: a refused path is refused whether or not it exists.
            guard CandidateValidation.isSafe(edit.file) else { throw .unsafePath(edit.file) }
            guard allowed.contains(edit.file) else { throw .notAllowed(edit.file, allowed: allowed.sorted()) }
            guard let bytes = files[edit.file] else { throw .unknownFile(edit.file) }
            let starts = lineStarts(bytes)
            guard edit.line >= 1, edit.line <= starts.count else { throw .noSuchLine(edit.file, edit.line) }
            let lineStart = starts[edit.line - 1]
            let lineEnd = edit.line < starts.count ? starts[edit.line] : bytes.count
            let old = Array(edit.oldText.utf8)
            if old.isEmpty {
                // An insertion at the start of the line.
                result.append(FileEdit(path: edit.file, start: lineStart, end: lineStart, replacement: edit.newText))
                continue
            }
            // `old_text` must begin on the given line (it may continue onto later lines).
            let matches = (lineStart..<max(lineStart, lineEnd)).filter { start in
                start + old.count <= bytes.count && bytes[start..<start + old.count].elementsEqual(old)
            }
            guard let first = matches.first else { throw .oldTextMismatch(edit.file, edit.line) }
            guard matches.count == 1 else { throw .ambiguous(edit.file, edit.line, matches.count) }
            result.append(FileEdit(path: edit.file, start: first, end: first + old.count, replacement: edit.newText))
        }
        return result
    }

    /// Byte offsets where each line starts.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A && index + 1 < bytes.count { starts.append(index + 1) }
        return starts
    }

    /// `medium` for a patch inside one top-level declaration, `high` across declarations or files
    /// (ARCHITECTURE.md §3). A top-level declaration starts at a line beginning with a name or `@`.
    public static func risk(of edits: [FileEdit], files: [String: [UInt8]]) -> Risk {
        guard Set(edits.map(\.path)).count == 1, let path = edits.first?.path, let bytes = files[path] else { return .high }
        let starts = lineStarts(bytes).filter { start in
            guard start < bytes.count else { return false }
            let byte = bytes[start]
            return byte == UInt8(ascii: "@") || byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
        let declaration = { (offset: Int) in starts.lastIndex { $0 <= offset } ?? -1 }
        return Set(edits.map { declaration($0.start) }).count == 1 ? .medium : .high
    }
}
