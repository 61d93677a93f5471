/// How LSP `Position.character` counts: UTF-16 code units (the default) or UTF-8 bytes when the
/// client offers `general.positionEncodings: ["utf-8"]` (LSP 3.17), which is what AURA's spans are.
enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
}

/// Line starts of a text, for converting between byte offsets and LSP positions.
struct LineTable: Sendable {
    /// Byte offset of each line's start; `starts[0] == 0`.
    let starts: [Int]

    init(starts: [UInt32]) { self.starts = starts.map(Int.init) }

    init(_ bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        for index in bytes.indices where bytes[index] == 0x0A { starts.append(index + 1) }
        self.starts = starts
    }

    /// Zero-based line containing `offset`.
    func line(of offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// End of a line's content (before `\n` or `\r\n`).
    func lineEnd(_ line: Int, in bytes: [UInt8]) -> Int {
        // The `\n` that ends the line, or the end of the text on the last line.
        var end = line + 1 < starts.count ? starts[line + 1] - 1 : bytes.count
        if end > starts[line], bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The byte offset of an LSP position. A line past the end clamps to the end of the text and
    /// a character past the line's end to the line's end (LSP: "defaults back to the line length").
    func offset(line: Int, character: Int, in bytes: [UInt8], encoding: PositionEncoding) -> Int {
        guard line >= 0 else { return 0 }
        guard line < starts.count else { return bytes.count }
        let start = starts[line], end = lineEnd(line, in: bytes)
        switch encoding {
        case .utf8:
            var offset = min(start + max(character, 0), end)
            // Never split a character: move back to its first byte.
            while offset > start, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            return offset
        case .utf16:
            var units = 0, offset = start
            while offset < end, units < character {
                let width = Self.scalarWidth(bytes[offset])
                units += width == 4 ? 2 : 1
                offset = min(offset + width, end)
            }
            return offset
        }
    }

    /// The LSP position of a byte offset.
    func position(of offset: Int, in bytes: [UInt8], encoding: PositionEncoding) -> (line: Int, character: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        let line = self.line(of: clamped)
        let start = starts[line]
        switch encoding {
        case .utf8: return (line, clamped - start)
        case .utf16:
            var units = 0, cursor = start
            while cursor < clamped {
                let width = Self.scalarWidth(bytes[cursor])
                units += width == 4 ? 2 : 1
                cursor += width
            }
            return (line, units)
        }
    }

    /// Bytes in the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte).
    static func scalarWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}
