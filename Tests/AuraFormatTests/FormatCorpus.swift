import AuraDiagnostics
import Foundation

/// The AURA programs in this repository, for the formatter's whole-corpus properties.
enum FormatCorpus {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `(name, text)` for every `.aura` file under Fixtures/ and bench/, every ```aura block of
    /// docs/*.md and README.md, and the program scripts/demo.sh writes.
    static func programs() throws -> [(name: String, text: String)] {
        var result: [(String, String)] = []
        for folder in ["Fixtures", "bench"] {
            let base = root + "/" + folder
            let files = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".aura") }.sorted() ?? []
            for file in files { result.append((folder + "/" + file, try String(contentsOfFile: base + "/" + file, encoding: .utf8))) }
        }
        let docs = (try FileManager.default.contentsOfDirectory(atPath: root + "/docs")).filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 } + ["README.md"]
        for page in docs {
            let text = try String(contentsOfFile: root + "/" + page, encoding: .utf8)
            for (index, block) in fencedBlocks(text, opening: "```aura").enumerated() { result.append(("\(page) block \(index + 1)", block)) }
        }
        let demo = try String(contentsOfFile: root + "/scripts/demo.sh", encoding: .utf8)
        for (index, block) in fencedBlocks(demo, opening: "cat > src/report.aura <<'AURA'", closing: "AURA").enumerated() {
            result.append(("scripts/demo.sh program \(index + 1)", block))
        }
        return result
    }

    static func fencedBlocks(_ text: String, opening: String, closing: String = "```") -> [String] {
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == opening { current = []; continue }
            if current != nil, line.trimmingCharacters(in: .whitespaces) == closing {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
                continue
            }
            current?.append(line)
        }
        return blocks
    }
}
