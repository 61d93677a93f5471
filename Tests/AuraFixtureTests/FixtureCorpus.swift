import AuraDiagnostics
import AuraSema
import Foundation

/// The golden corpus under Fixtures/: programs with inline expectations.
///
/// - `# expect error CODE` / `# expect warning CODE` on the line of the diagnostic's primary span.
/// - A check fixture without expectations must produce no diagnostics at all.
/// - `.snap` files beside invalid fixtures hold the rendered pretty output;
///   `AURA_UPDATE_SNAPSHOTS=1 make fixtures-update` rewrites them.
enum FixtureCorpus {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var updateSnapshots: Bool { ProcessInfo.processInfo.environment["AURA_UPDATE_SNAPSHOTS"] == "1" }

    /// Project-relative paths of `.aura` files under a fixtures folder, sorted.
    static func files(under folder: String) -> [String] {
        let base = root + "/" + folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".aura") }.map { folder + "/" + $0 }.sorted()
    }

    struct Expectation: Hashable, CustomStringConvertible {
        let code: String
        let line: Int
        var description: String { "\(code)@\(line)" }
    }

    static func expectations(in path: String) throws -> Set<Expectation> {
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        var result = Set<Expectation>()
        let pattern = try NSRegularExpression(pattern: #"#\s*expect (?:error|warning) ([EWRT]\d{4})"#)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let string = String(line)
            for match in pattern.matches(in: string, range: NSRange(string.startIndex..., in: string)) {
                if let range = Range(match.range(at: 1), in: string) { result.insert(Expectation(code: String(string[range]), line: index + 1)) }
            }
        }
        return result
    }

    static func check(_ path: String) -> CheckedProgram {
        Compiler.check(paths: [path], loader: FileSystemLoader(root: root))
    }

    static func found(_ program: CheckedProgram) -> Set<Expectation> {
        Set(program.diagnostics.map { d in
            Expectation(code: d.code.rawValue, line: program.sources[d.span.file].location(of: d.span.start).line)
        })
    }
}
