import AuraDiagnostics
import AuraSema
import Foundation
import XCTest

/// Applying a diagnostic's `safe` fix must make that diagnostic disappear without adding errors:
/// these are the repairs the healer applies first.
final class FixApplicationTests: XCTestCase {
    func testSafeFixesInTheCorpusRepairTheirDiagnostic() throws {
        var applied = 0
        var failures: [String] = []
        for path in FixtureCorpus.files(under: "Fixtures/check") {
            let program = FixtureCorpus.check(path)
            for diagnostic in program.diagnostics {
                guard let fix = diagnostic.fixes.first(where: { $0.applicability == .safe }),
                      fix.edits.allSatisfy({ program.sources[$0.span.file].path == path }) else { continue }
                let original = program.sources[diagnostic.span.file].bytes
                guard let repaired = TextEdit.apply(fix.edits, to: original) else {
                    failures.append("\(path): overlapping edits in fix for \(diagnostic.code)")
                    continue
                }
                let after = Compiler.check(paths: [path], loader: OverlayLoader(path: path, bytes: repaired))
                let before = program.diagnostics.filter { $0.severity == .error && $0.code != diagnostic.code }.count
                let stillThere = after.diagnostics.contains { $0.code == diagnostic.code && $0.message == diagnostic.message }
                let newErrors = after.diagnostics.filter { $0.severity == .error }.count
                if stillThere || newErrors > before {
                    failures.append("\(path): safe fix '\(fix.message)' for \(diagnostic.code) did not repair it:\n" + String(decoding: repaired, as: UTF8.self))
                }
                applied += 1
            }
        }
        XCTAssert(failures.isEmpty, "\n" + failures.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(applied, 10, "the corpus should exercise many safe fixes")
    }
}

/// The repaired file from memory, everything else (imported modules) from disk.
struct OverlayLoader: SourceLoader {
    let path: String
    let bytes: [UInt8]
    func load(_ requested: String) throws -> [UInt8]? {
        requested == path ? bytes : try FileSystemLoader(root: FixtureCorpus.root).load(requested)
    }
}
