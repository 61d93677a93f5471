import AuraDiagnostics
import AuraSyntax

/// Patch classes that no policy may apply without a human: what a fix
/// must never do to the tests that judge it (a test is the user's statement of what the code
/// must do; a heal that weakens one "passes" by changing the question).
///
/// - `critical`: an edit that touches a test block or a test file; a change that removes or
///   renames a test or lowers a test's number of assertions; a change that replaces most of a
///   file.
/// - also `critical` (the issue asks for at least `high`; `autonomous` applies `high`, and a
///   patch that special-cases a test is never what the test's author meant): a change that adds
///   comparisons against literals taken from the failing test's inputs
///   (`if a == 1 and b == 2 { 3 } else { … }` answers the test instead of fixing the code).
public enum PatchSafety {
    /// Share of a file's non-blank bytes a single change may remove before it counts as a rewrite.
    static let maxReplacedShare = 0.5
    /// Files smaller than this are short enough that a fix may touch most of them.
    static let rewriteFloor = 200

    /// Why `updated` (the files after the change) is critical compared with `files`, or nil.
    public static func criticalReason(edits: [FileEdit], files: [String: [UInt8]], updated: [String: [UInt8]]) -> String? {
        for path in Set(edits.map(\.path)).sorted() {
            if isTestFile(path) { return "it edits the test file \(path)" }
            guard let before = files[path] else { continue }
            let inventory = TestInventory(path: path, bytes: before)
            let blocks = inventory.ranges(in: path)
            if edits.contains(where: { edit in edit.path == path && blocks.contains { touches(edit, $0) } }) {
                return "it edits a test block in \(path)"
            }
            if let after = updated[path] {
                if let shrunk = inventory.shrinkage(to: TestInventory(path: path, bytes: after)) { return "it weakens the tests: \(shrunk)" }
                if rewrites(edits.filter { $0.path == path }, of: before) { return "it replaces most of \(path)" }
            }
        }
        return nil
    }

    /// Whether the edit overlaps the block, or inserts inside it. An edit that only ends where
    /// the block starts (text inserted just above it) leaves the block alone.
    static func touches(_ edit: FileEdit, _ block: Range<Int>) -> Bool {
        if edit.start == edit.end { return edit.start > block.lowerBound && edit.start < block.upperBound }
        return edit.start < block.upperBound && edit.end > block.lowerBound
    }

    static func isTestFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasPrefix("test") || name.hasSuffix("_test.aura") || path.split(separator: "/").contains("tests")
    }

    /// More than half of a non-trivial file removed by one change.
    static func rewrites(_ edits: [FileEdit], of bytes: [UInt8]) -> Bool {
        let significant = bytes.filter { $0 > 0x20 }.count
        guard significant >= rewriteFloor else { return false }
        let removed = edits.reduce(0) { total, edit in
            guard edit.start >= 0, edit.end <= bytes.count, edit.start <= edit.end else { return total }
            return total + bytes[edit.start..<edit.end].filter { $0 > 0x20 }.count
        }
        return Double(removed) > Double(significant) * maxReplacedShare
    }

    /// Why the change looks like it special-cases the failing test `name`, or nil: it adds an
    /// `==`/`!=` comparison against a literal that appears in that test.
    public static func specialCasingReason(edits: [FileEdit], target: ProblemID, files: [String: [UInt8]]) -> String? {
        guard case let .test(name) = target, let bytes = files[name.module],
              let entry = TestInventory(path: name.module, bytes: bytes).tests[name] else { return nil }
        let testLiterals = Set(literals(in: Array(bytes[entry.range])))
        guard !testLiterals.isEmpty else { return nil }
        for edit in edits {
            let old = edit.end <= (files[edit.path]?.count ?? 0) ? Array(files[edit.path]![edit.start..<edit.end]) : []
            let before = Set(comparedLiterals(in: old))
            for literal in comparedLiterals(in: Array(edit.replacement.utf8)) where testLiterals.contains(literal) && !before.contains(literal) {
                return "it compares against `\(literal)`, a literal from the failing test \(name)"
            }
        }
        return nil
    }

    /// Number and string literals in a fragment of AURA source.
    static func literals(in bytes: [UInt8]) -> [String] {
        tokens(bytes).filter { [.int, .float, .string].contains($0.kind) }.map(\.text)
    }

    /// Literals that are an operand of `==` or `!=`.
    static func comparedLiterals(in bytes: [UInt8]) -> [String] {
        let tokens = tokens(bytes)
        var result: [String] = []
        for (index, token) in tokens.enumerated() where [.int, .float, .string].contains(token.kind) {
            let before = index > 0 ? tokens[index - 1].kind : nil
            let after = index + 1 < tokens.count ? tokens[index + 1].kind : nil
            if [.equal, .notEqual].contains(before) || [.equal, .notEqual].contains(after) { result.append(token.text) }
        }
        return result
    }

    private static func tokens(_ bytes: [UInt8]) -> [(kind: TokenKind, text: String)] {
        let file = SourceFile(id: 0, path: "fragment.aura", bytes: bytes)
        return Lexer.tokenize(file).tokens.filter { $0.kind != .newline && $0.kind != .eof }.map { token in
            (token.kind, String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self))
        }
    }
}
