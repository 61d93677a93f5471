import CGit2

/// One `Key: value` line of a commit message's trailer block.
public struct Trailer: Equatable, Sendable, Codable {
    public let key: String
    public let value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        // A trailer is one line: fold any line breaks the caller passed.
        self.value = value.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A commit message in the shape `git interpret-trailers` understands:
/// a subject, an optional body, then one paragraph of trailers.
public struct CommitMessage: Equatable, Sendable {
    public var subject: String
    public var body: String
    public var trailers: [Trailer]

    public init(subject: String, body: String = "", trailers: [Trailer]) {
        self.subject = subject.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.body = body
        self.trailers = trailers
    }

    /// The message text: subject, blank line, body paragraphs, blank line, trailers.
    public var text: String {
        var parts = [subject]
        if !body.isEmpty { parts.append(body.trimmingTrailingNewlines()) }
        if !trailers.isEmpty { parts.append(trailers.map { "\($0.key): \($0.value)" }.joined(separator: "\n")) }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The trailers of `message`, parsed by libgit2 the same way `git interpret-trailers --parse` does.
    public static func trailers(of message: String) -> [Trailer] {
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, message) == 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        return (0..<array.count).map { index in
            let trailer = array.trailers[index]
            return Trailer(String(cString: trailer.key), String(cString: trailer.value))
        }
    }
}

extension Array where Element == Trailer {
    /// The value of the last trailer named `key` (case-insensitive, as git compares keys).
    public func value(_ key: String) -> String? {
        last(where: { $0.key.lowercased() == key.lowercased() })?.value
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var copy = self
        while copy.last?.isNewline == true { copy.removeLast() }
        return copy
    }

}
