/// How confidently a fix can be applied without a human looking at it
/// (rustc's model; the healer maps these onto risk classes).
public enum Applicability: String, Sendable, Codable, CaseIterable {
    /// Machine-applicable and preserves evident intent (add a missing `!`).
    case safe
    /// Yields valid code that may not be what was meant (a similar name).
    case maybe
    /// Contains a placeholder a human must fill in.
    case placeholder
}

/// Replace the bytes of `span` with `replacement` (insert when the span is empty).
public struct TextEdit: Hashable, Sendable {
    public var span: Span
    public var replacement: String
    public init(span: Span, replacement: String) {
        self.span = span
        self.replacement = replacement
    }
}

/// A suggested repair: a message and the edits that carry it out.
public struct Fix: Hashable, Sendable {
    public var message: String
    public var edits: [TextEdit]
    public var applicability: Applicability
    /// A stable name for the kind of repair (`convert-operands`, `default-optional`), for tools
    /// that class fixes more finely than by diagnostic code (the healer's rule table). Nil: the
    /// code's usual fix.
    public var rule: String?
    public init(message: String, edits: [TextEdit], applicability: Applicability, rule: String? = nil) {
        self.message = message
        self.edits = edits
        self.applicability = applicability
        self.rule = rule
    }
}

extension TextEdit {
    /// Applies non-overlapping edits of one file to its bytes (edits may come in any order).
    /// Returns nil when edits overlap, which would make the result ambiguous.
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8]? {
        let sorted = edits.sorted { $0.span.start < $1.span.start }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var cursor = 0
        for edit in sorted {
            let start = Int(edit.span.start), end = Int(edit.span.end)
            guard start >= cursor, end <= bytes.count else { return nil }
            output.append(contentsOf: bytes[cursor..<start])
            output.append(contentsOf: edit.replacement.utf8)
            cursor = end
        }
        output.append(contentsOf: bytes[cursor...])
        return output
    }
}
