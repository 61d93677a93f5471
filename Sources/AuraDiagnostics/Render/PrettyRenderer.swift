/// Renders diagnostics the way rustc and Elm do: a headline, the file location, the user's
/// code with a gutter, `^^^` under the exact span, secondary labels, then notes and help.
///
/// ```
/// error[E0201]: unknown name `generate_reprot`
///   ┌─ src/main.aura:15:12
///    │
/// 14 │   users = fetch_users!()
/// 15 │   report = generate_reprot(users)
///    │            ^^^^^^^^^^^^^^^ not defined in this scope
///    │
///    = help: a function with a similar name exists: `generate_report`
/// ```
public struct PrettyRenderer: Sendable {
    public var style: TextStyle
    /// Lines of unlabelled context shown around each labelled line.
    public var contextLines: Int
    /// Source lines longer than this many bytes are shown as a window around their labels
    /// (`…` marks the cut), and messages, labels and notes are clipped to `maxTextBytes`, so
    /// one rendered diagnostic stays a few kilobytes whatever the input.
    public static let maxLineBytes = 160
    public static let maxTextBytes = 1_000

    public init(style: TextStyle = .plain, contextLines: Int = 1) {
        self.style = style
        self.contextLines = contextLines
    }

    public func render(_ diagnostic: Diagnostic, in sources: SourceMap) -> String {
        var out = PrettyRenderer.clip(headline(diagnostic)) + "\n"
        let primaryFile = sources[diagnostic.span.file]
        var groups: [(file: SourceFile, labels: [(Label, Bool)])] = [(primaryFile, [(diagnostic.primary, true)])]
        for label in diagnostic.secondary {
            if let index = groups.firstIndex(where: { $0.file.id == label.span.file }) {
                groups[index].labels.append((label, false))
            } else {
                groups.append((sources[label.span.file], [(label, false)]))
            }
        }
        let gutter = groups.map { group in
            group.labels.map { String(group.file.lineIndex(of: $0.0.span.start) + 2 + contextLines).count }.max() ?? 1
        }.max() ?? 1
        for (index, group) in groups.enumerated() {
            let anchor = index == 0 ? diagnostic.primary.span : group.labels[0].0.span
            let (line, column) = group.file.location(of: anchor.start)
            out += String(repeating: " ", count: gutter + 1) + style.color("┌─", .blue) + " \(group.file.path):\(line):\(column)\n"
            out += snippet(group.file, labels: group.labels, gutter: gutter)
        }
        let trailer = diagnostic.notes.map { ("note", $0) } + diagnostic.help.map { ("help", $0) }
            + (diagnostic.help.isEmpty ? diagnostic.fixes.map { ("help", $0.message) } : [])
        for (kind, text) in trailer {
            let lines = PrettyRenderer.clip(text).split(separator: "\n", omittingEmptySubsequences: false)
            out += String(repeating: " ", count: gutter + 1) + style.color("=", .blue) + " " + style.bold(kind + ":") + " " + lines[0] + "\n"
            for more in lines.dropFirst() {
                out += String(repeating: " ", count: gutter + 3 + kind.count + 2) + more + "\n"
            }
        }
        return out
    }

    /// Renders many diagnostics separated by blank lines.
    public func render(_ diagnostics: [Diagnostic], in sources: SourceMap) -> String {
        diagnostics.map { render($0, in: sources) }.joined(separator: "\n")
    }

    func headline(_ diagnostic: Diagnostic) -> String {
        let color: TextStyle.Color = diagnostic.severity == .error ? .red : diagnostic.severity == .warning ? .yellow : .cyan
        let head = style.color("\(diagnostic.severity.rawValue)[\(diagnostic.code)]", color, bold: true)
        return head + style.bold(": " + diagnostic.message)
    }

    private func snippet(_ file: SourceFile, labels: [(Label, Bool)], gutter: Int) -> String {
        let bar = style.color("│", .blue)
        let blank = String(repeating: " ", count: gutter + 1) + bar + "\n"
        var byLine: [Int: [(Label, Bool)]] = [:]
        for item in labels { byLine[file.lineIndex(of: item.0.span.start), default: []].append(item) }
        var shown = Set<Int>()
        for line in byLine.keys {
            for l in max(0, line - contextLines)...min(file.lineCount - 1, line + contextLines) { shown.insert(l) }
        }
        // A trailing empty line (file ends with a newline) is not worth showing as context.
        shown = shown.filter { byLine[$0] != nil || !file.lineText($0).allSatisfy(\.isWhitespace) }
        var out = blank
        var previous: Int?
        for line in shown.sorted() {
            if let previous, line > previous + 1 { out += String(repeating: " ", count: gutter - 1) + style.color("...", .blue) + "\n" }
            previous = line
            let number = String(line + 1)
            let window = PrettyRenderer.window(file, line, around: byLine[line]?.map { Int($0.0.span.start) } ?? [])
            let text = window.lead + expandTabs(String(decoding: file.bytes[window.bytes], as: UTF8.self)) + window.tail
            out += String(repeating: " ", count: gutter - number.count) + style.color(number, .blue) + " " + bar + (text.isEmpty ? "" : " " + text) + "\n"
            guard let marks = byLine[line] else { continue }
            for (label, isPrimary) in marks.sorted(by: { $0.1 && !$1.1 }) {
                let range = window.bytes
                let startByte = min(max(Int(label.span.start), range.lowerBound), range.upperBound)
                let endByte = min(Int(label.span.end), range.upperBound)
                let prefix = window.lead + expandTabs(String(decoding: file.bytes[range.lowerBound..<startByte], as: UTF8.self))
                let covered = expandTabs(String(decoding: file.bytes[startByte..<max(startByte, endByte)], as: UTF8.self))
                let width = max(1, covered.count)
                let marker = String(repeating: isPrimary ? "^" : "-", count: width)
                let color: TextStyle.Color = isPrimary ? .red : .blue
                let message = label.message.isEmpty ? "" : " " + PrettyRenderer.clip(label.message)
                out += String(repeating: " ", count: gutter + 1) + bar + " " + String(repeating: " ", count: prefix.count)
                    + style.color(marker + message, color, bold: isPrimary) + "\n"
            }
        }
        return out + blank
    }

    /// The bytes of `line` to show: all of it when short, else at most `maxLineBytes` starting
    /// a little before the first label, cut on character boundaries, with `…` where cut.
    static func window(_ file: SourceFile, _ line: Int, around starts: [Int]) -> (bytes: Range<Int>, lead: String, tail: String) {
        let range = file.lineByteRange(line)
        guard range.count > maxLineBytes else { return (range, "", "") }
        var start = max(range.lowerBound, min(starts.min() ?? range.lowerBound, range.upperBound) - 40)
        while start > range.lowerBound, file.bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var end = min(range.upperBound, start + maxLineBytes)
        while end < range.upperBound, file.bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (start..<end, start > range.lowerBound ? "…" : "", end < range.upperBound ? "…" : "")
    }

    /// `text` cut to `maxTextBytes` (on a character boundary) with `…`.
    static func clip(_ text: String) -> String {
        guard text.utf8.count > maxTextBytes else { return text }
        var cut = ""
        for character in text {
            if cut.utf8.count + character.utf8.count > maxTextBytes { break }
            cut.append(character)
        }
        return cut + "…"
    }

    private func expandTabs(_ text: String) -> String {
        text.contains("\t") ? text.replacingTabs() : text
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var result = ""
        for character in self { if character == "\t" { result += "    " } else { result.append(character) } }
        return result
    }
}
