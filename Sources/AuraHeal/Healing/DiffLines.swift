import AuraDiagnostics

/// Changed lines of a candidate, old and new, for the plan display.
enum DiffLines {
    static func lines(for edits: [FileEdit], in files: [String: [UInt8]]) -> [(removed: String, added: String, line: Int)] {
        var result: [(String, String, Int)] = []
        for (path, group) in Dictionary(grouping: edits, by: \.path) {
            guard let bytes = files[path] else { continue }
            let sorted = group.sorted { $0.start < $1.start }
            var lineStarts: [Int] = []
            for edit in sorted {
                var start = edit.start
                while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
                if !lineStarts.contains(start) { lineStarts.append(start) }
            }
            for lineStart in lineStarts {
                var end = lineStart
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                let inLine = sorted.filter { $0.start >= lineStart && $0.start <= end }
                var updated = Array(bytes[lineStart..<end])
                for edit in inLine.reversed() {
                    let from = edit.start - lineStart, to = min(edit.end, end) - lineStart
                    updated.replaceSubrange(from..<to, with: Array(edit.replacement.utf8))
                }
                let lineNumber = bytes[0..<lineStart].filter { $0 == 0x0A }.count + 1
                result.append((String(decoding: bytes[lineStart..<end], as: UTF8.self), String(decoding: updated, as: UTF8.self), lineNumber))
            }
        }
        return result
    }
}
