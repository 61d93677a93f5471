/// Database URLs as text: which engine a URL names, and the one redaction every message,
/// `displayName` and log line goes through, so a password in a `postgres://user:password@host`
/// URL never reaches output.
public enum DatabaseURL {
    /// `postgres://…` or `postgresql://…` (any case of the scheme).
    public static func isPostgres(_ url: String) -> Bool {
        let lower = url.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// How a connection value shows in `print!` and interpolation: its URL without the password.
    static func shown(_ url: String, isClosed: Bool) -> String {
        isClosed ? "<db \(redacted(url)) (closed)>" : "<db \(redacted(url))>"
    }

    /// `text` with every URL password replaced by `***`: the `pass` of `scheme://user:pass@host`
    /// and the value of a `password=` parameter, wherever they occur (a libpq message may quote
    /// the URL it was given).
    public static func redacted(_ text: String) -> String {
        var bytes = Array(text.utf8)
        bytes = redactUserInfo(bytes)
        bytes = redactPasswordParameters(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Bytes that end a URL's authority (`scheme://authority/path`).
    private static func endsAuthority(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: " ")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: ")") || byte == UInt8(ascii: ">")
    }

    /// Bytes that end a word of text (a URL ends there at the latest).
    private static func endsToken(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: ">")
    }

    private static func redactUserInfo(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
                  bytes[index + 2] == UInt8(ascii: "/") else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += bytes[index..<index + 3]
            let start = index + 3
            var end = start
            while end < bytes.count, !endsAuthority(bytes[end]) { end += 1 }
            var token = end
            while token < bytes.count, !endsToken(bytes[token]) { token += 1 }
            // The last `@` separates the user information (which may itself contain `@`). A
            // password with an unencoded `/`, `?` or `#` seems to end the authority early, so
            // when the authority has a `:` but no `@`, an `@` later in the same word still
            // counts: hiding too much is better than showing part of a password.
            let authority = bytes[start..<end]
            let at = authority.lastIndex(of: UInt8(ascii: "@"))
                ?? (authority.contains(UInt8(ascii: ":")) ? bytes[end..<token].lastIndex(of: UInt8(ascii: "@")) : nil)
            if let at, let colon = bytes[start..<at].firstIndex(of: UInt8(ascii: ":")) {
                output += bytes[start...colon]
                output += Array("***".utf8)
                index = at
            } else {
                output += authority
                index = end
            }
        }
        return output
    }

    /// `password=secret` (a URL query parameter or a libpq keyword) becomes `password=***`; the
    /// value ends at `&`, whitespace or a quote.
    private static func redactPasswordParameters(_ bytes: [UInt8]) -> [UInt8] {
        let key = Array("password=".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let matches = index + key.count <= bytes.count
                && zip(bytes[index..<index + key.count], key).allSatisfy { lower($0) == $1 }
                && (index == 0 || !isWordByte(bytes[index - 1]))
            guard matches else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += bytes[index..<index + key.count]
            var end = index + key.count
            while end < bytes.count, bytes[end] != UInt8(ascii: "&"), bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: "\""),
                  bytes[end] != UInt8(ascii: "'"), bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\t") { end += 1 }
            if end > index + key.count { output += Array("***".utf8) }
            index = end
        }
        return output
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
