/// Keyword recognition by length and bytes: cheaper than hashing every identifier.
enum Keywords {
    static let table: [(String, TokenKind)] = [
        ("if", .kwIf), ("else", .kwElse), ("match", .kwMatch), ("for", .kwFor), ("in", .kwIn),
        ("while", .kwWhile), ("var", .kwVar), ("test", .kwTest), ("use", .kwUse), ("with", .kwWith),
        ("true", .kwTrue), ("false", .kwFalse), ("none", .kwNone), ("and", .kwAnd), ("or", .kwOr),
        ("not", .kwNot), ("_", .placeholder),
    ]
    static let byLength: [[([UInt8], TokenKind)]] = {
        var buckets = [[([UInt8], TokenKind)]](repeating: [], count: 6)
        for (word, kind) in table { buckets[word.utf8.count].append((Array(word.utf8), kind)) }
        return buckets
    }()

    static let names: Set<String> = Set(table.map(\.0))

    @inline(__always)
    static func kind(_ bytes: [UInt8], _ start: Int, _ end: Int) -> TokenKind {
        let length = end - start
        guard length <= 5 else { return .identifier }
        let first = bytes[start]
        // Every keyword starts with a lower-case letter or is `_`.
        guard (first >= 0x61 && first <= 0x7A) || (first == 0x5F && length == 1) else { return .identifier }
        candidates: for (word, kind) in byLength[length] where word[0] == first {
            for offset in 1..<length where word[offset] != bytes[start + offset] { continue candidates }
            return kind
        }
        return .identifier
    }
}

/// The language's reserved words, for tools (completion, editor grammars' tests).
public enum AuraKeywords {
    public static var all: [String] { Keywords.table.map(\.0).filter { $0 != "_" } }
}
