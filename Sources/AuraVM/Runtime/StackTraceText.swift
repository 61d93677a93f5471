import AuraDiagnostics

/// The text of a stack trace, bounded: runaway recursion has 100,000 frames, and printing each
/// one buried the error under megabytes of identical lines.
///
/// Consecutive identical frames (same function, same call site) collapse into the frame and a
/// `… N more frames of `f`` line; of the remaining groups the innermost `head` and outermost
/// `tail` are shown, with one line counting the frames left out between them.
public enum StackTraceText {
    public static let head = 16
    public static let tail = 4

    public static func lines(_ trace: [StackFrameInfo], in sources: SourceMap) -> [String] {
        var groups: [(frame: StackFrameInfo, count: Int)] = []
        for frame in trace {
            if let last = groups.last, last.frame == frame {
                groups[groups.count - 1].count += 1
            } else {
                groups.append((frame, 1))
            }
        }
        func render(_ group: (frame: StackFrameInfo, count: Int)) -> [String] {
            let frame = group.frame
            var text = frame.function
            if Int(frame.span.file) < sources.files.count {
                let file = sources[frame.span.file]
                let (line, column) = file.location(of: frame.span.start)
                text += " at \(file.path):\(line):\(column)"
            }
            guard group.count > 1 else { return [text] }
            let more = group.count - 1
            return [text, "… \(formatted(more)) more \(more == 1 ? "frame" : "frames") of `\(frame.function)`"]
        }
        guard groups.count > head + tail + 1 else { return groups.flatMap(render) }
        let omitted = groups[head..<(groups.count - tail)].reduce(0) { $0 + $1.count }
        return groups[..<head].flatMap(render)
            + ["… \(formatted(omitted)) frames omitted"]
            + groups[(groups.count - tail)...].flatMap(render)
    }

    /// `99990` → `99,990`.
    static func formatted(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
