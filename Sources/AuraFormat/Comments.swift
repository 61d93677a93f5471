import AuraDiagnostics
import AuraSyntax

/// A `#` comment: byte range from `#` to the end of its line (trailing blanks excluded).
struct Comment {
    var start: UInt32
    var end: UInt32
    var text: String
}

/// Finds comments in the gaps between tokens: the lexer skips them, so a `#` outside a token is
/// a comment and a `#` inside a string token is text.
enum CommentScanner {
    static func scan(_ file: SourceFile, tokens: [Token]) -> [Comment] {
        let bytes = file.bytes
        var comments: [Comment] = []
        var gapStart = 0
        for token in tokens {
            collect(bytes, from: gapStart, to: Int(token.start), into: &comments, file: file)
            gapStart = max(gapStart, Int(token.end))
        }
        collect(bytes, from: gapStart, to: bytes.count, into: &comments, file: file)
        return comments
    }

    private static func collect(_ bytes: [UInt8], from: Int, to: Int, into comments: inout [Comment], file: SourceFile) {
        var pos = from
        while pos < to {
            guard bytes[pos] == UInt8(ascii: "#") else { pos += 1; continue }
            let start = pos
            while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
            var end = pos
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
            comments.append(Comment(start: UInt32(start), end: UInt32(end), text: file.text(UInt32(start), UInt32(end))))
        }
    }

    /// Comment texts, sorted: two files keep the same comments when these are equal.
    static func texts(_ comments: [Comment]) -> [String] { comments.map(\.text).sorted() }
}
