/// Keyword recognition by length and bytes: cheaper than hashing every identifier.
enum Keywords {
    static let table: [(String, TokenKind)] = [
        ("if", .kwIf), ("else", .kwElse), ("match", .kwMatch), ("for", .kwFor), ("in", .kwIn),
        ("while", .kwWhile), ("var", .kwVar), ("test", .kwTest), ("use", .kwUse), ("with", .kwWith),
        ("true", .kwTrue), ("false", .kwFalse), ("none", .kwNone), ("and", .kwAnd), ("or", .kwOr),
        ("not", .kwNot), ("_", .placeholder),
    ]
    /// Each keyword's bytes packed big-endian into an integer, with its length: a word is
    /// compared with integer compares (no per-keyword array to retain and walk).
    static let packed: [(word: UInt64, length: Int, kind: TokenKind)] = table.map { word, kind in
        (word.utf8.reduce(0) { $0 << 8 | UInt64($1) }, word.utf8.count, kind)
    }

    static let names: Set<String> = Set(table.map(\.0))

    @inline(__always)
    static func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TokenKind {
        let length = end - start
        guard length <= 5 else { return .identifier }
        let first = bytes[start]
        // Every keyword starts with a lower-case letter or is `_`.
        guard (first >= 0x61 && first <= 0x7A) || (first == 0x5F && length == 1) else { return .identifier }
        var word: UInt64 = 0
        for index in start..<end { word = word << 8 | UInt64(bytes[index]) }
        for keyword in packed where keyword.word == word && keyword.length == length { return keyword.kind }
        return .identifier
    }
}

/// The language's reserved words, for tools (completion, editor grammars' tests).
public enum AuraKeywords {
    public static var all: [String] { Keywords.table.map(\.0).filter { $0 != "_" } }
}
