/// Identifies a source file within one compilation (index into a `SourceMap`).
public typealias FileID = UInt32

/// One source file: its bytes and a line index for turning byte offsets into line:column.
///
/// Text is kept as UTF-8 bytes because every span in AURA is a byte range; the lexer walks
/// bytes, and rendering decodes only the lines it shows.
public final class SourceFile: Sendable {
    public let id: FileID
    /// The path as the user should see it (relative to the project when possible).
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [UInt32]

    public init(id: FileID, path: String, bytes: [UInt8]) {
        self.id = id
        self.path = path
        self.bytes = bytes
        var starts: [UInt32] = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count where buffer[index] == 0x0A {
                starts.append(UInt32(index + 1))
            }
        }
        self.lineStarts = starts
    }

    public convenience init(id: FileID, path: String, text: String) {
        self.init(id: id, path: path, bytes: Array(text.utf8))
    }

    public var lineCount: Int { lineStarts.count }

    /// Zero-based line containing `offset` (binary search over the line index).
    public func lineIndex(of offset: UInt32) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// One-based line and column (column counted in characters, as editors show it).
    public func location(of offset: UInt32) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let start = Int(lineStarts[line])
        let end = min(Int(offset), bytes.count)
        return (line + 1, characterCount(from: start, to: end) + 1)
    }

    /// The text of a zero-based line without its line terminator.
    public func lineText(_ line: Int) -> String {
        let range = lineByteRange(line)
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Byte range of a zero-based line, excluding `\n` and a preceding `\r`.
    public func lineByteRange(_ line: Int) -> Range<Int> {
        let start = Int(lineStarts[line])
        var end = line + 1 < lineStarts.count ? Int(lineStarts[line + 1]) - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }

    /// The text covered by a byte range.
    public func text(_ start: UInt32, _ end: UInt32) -> String {
        let lower = min(Int(start), bytes.count), upper = min(max(Int(end), lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// Counts characters (UTF-8 scalar starts) in a byte range.
    func characterCount(from start: Int, to end: Int) -> Int {
        // Unchecked: diagnostics on a megabyte-long line call this with large ranges.
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var index = max(0, start)
            let stop = min(end, buffer.count)
            while index < stop {
                count &+= buffer[index] & 0xC0 != 0x80 ? 1 : 0
                index &+= 1
            }
            return count
        }
    }
}

/// All files of one compilation, addressed by `FileID`.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    /// Adds a file and returns it with its assigned id.
    @discardableResult
    public mutating func add(path: String, bytes: [UInt8]) -> SourceFile {
        let file = SourceFile(id: FileID(files.count), path: path, bytes: bytes)
        files.append(file)
        return file
    }

    /// Adds a file made elsewhere with the id it gets here (`files.count`).
    public mutating func add(_ file: SourceFile) {
        precondition(Int(file.id) == files.count, "file \(file.path) was numbered \(file.id), not \(files.count)")
        files.append(file)
    }

    public subscript(id: FileID) -> SourceFile { files[Int(id)] }

    public func file(path: String) -> SourceFile? { files.first { $0.path == path } }
}
