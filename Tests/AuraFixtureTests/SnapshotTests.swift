import AuraDiagnostics
import AuraSema
import Foundation
import XCTest

/// Rendered diagnostics of every invalid check fixture, compared with `<fixture>.snap`.
final class SnapshotTests: XCTestCase {
    func testRenderedDiagnosticsMatchSnapshots() throws {
        var mismatches: [String] = []
        var snapshotCount = 0
        var diagnosticCount = 0
        for path in FixtureCorpus.files(under: "Fixtures/check") where !(try FixtureCorpus.expectations(in: path)).isEmpty {
            let program = FixtureCorpus.check(path)
            let rendered = PrettyRenderer(style: .plain).render(program.diagnostics, in: program.sources)
            diagnosticCount += program.diagnostics.count
            let snapshotPath = FixtureCorpus.root + "/" + path.dropLast(".aura".count) + ".snap"
            if FixtureCorpus.updateSnapshots {
                try rendered.write(toFile: snapshotPath, atomically: true, encoding: .utf8)
                continue
            }
            guard let stored = try? String(contentsOfFile: snapshotPath, encoding: .utf8) else {
                mismatches.append("\(path): no snapshot (run `make fixtures-update`)")
                continue
            }
            snapshotCount += 1
            if stored != rendered {
                mismatches.append("\(path): rendered output differs from \(snapshotPath)\n--- expected\n\(stored)\n--- actual\n\(rendered)")
            }
        }
        XCTAssert(mismatches.isEmpty, "\n" + mismatches.joined(separator: "\n"))
        if !FixtureCorpus.updateSnapshots {
            XCTAssertGreaterThanOrEqual(snapshotCount, 30)
            XCTAssertGreaterThanOrEqual(diagnosticCount, 30)
        }
    }
}
