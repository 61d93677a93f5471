/// A byte range in one source file. Offsets are UTF-8 byte offsets; `end` is exclusive.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var file: FileID
    public var start: UInt32
    public var end: UInt32

    public init(file: FileID, start: UInt32, end: UInt32) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// An empty span at a position (for insertions).
    public static func point(_ file: FileID, _ offset: UInt32) -> Span {
        Span(file: file, start: offset, end: offset)
    }

    /// The smallest span covering both (same file assumed).
    public func merged(with other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var length: UInt32 { end - start }
    public var isEmpty: Bool { start == end }

    public var description: String { "\(file):\(start)..<\(end)" }
}
