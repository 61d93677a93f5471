import AuraDiagnostics
import AuraSema
import Foundation
import XCTest

/// Every check fixture reports exactly the diagnostics its comments expect.
final class CheckFixtureTests: XCTestCase {
    func testCorpusIsLargeEnough() {
        XCTAssertGreaterThanOrEqual(FixtureCorpus.files(under: "Fixtures/check").count, 60)
    }

    func testCheckFixturesReportExactlyTheExpectedDiagnostics() throws {
        var failures: [String] = []
        for path in FixtureCorpus.files(under: "Fixtures/check") {
            let expected = try FixtureCorpus.expectations(in: path)
            let program = FixtureCorpus.check(path)
            let found = FixtureCorpus.found(program)
            // Only diagnostics in the fixture itself count (imported modules have their own file).
            let own = Set(program.diagnostics.filter { program.sources[$0.span.file].path == path }.map { d in
                FixtureCorpus.Expectation(code: d.code.rawValue, line: program.sources[d.span.file].location(of: d.span.start).line)
            })
            let missing = expected.subtracting(found)
            let lines = Set(expected.map(\.line))
            let unexpected = own.filter { !lines.contains($0.line) }
            if !missing.isEmpty || !unexpected.isEmpty {
                failures.append("\(path): missing \(missing.sorted { $0.line < $1.line }), unexpected \(unexpected.sorted { $0.line < $1.line })")
            }
        }
        XCTAssert(failures.isEmpty, "\n" + failures.joined(separator: "\n"))
    }

    func testEveryCompileTimeCodeIsExercised() throws {
        var seen = Set<String>()
        for path in FixtureCorpus.files(under: "Fixtures/check") {
            seen.formUnion(try FixtureCorpus.expectations(in: path).map(\.code))
        }
        let generatedOnly: Set<String> = ["E0110", "E0111", "E0112"] // covered by unit tests with generated input
        let compileTime = CodeRegistry.allCodes.map(\.rawValue).filter { $0.hasPrefix("E") || $0.hasPrefix("W") }
        let uncovered = compileTime.filter { !seen.contains($0) && !generatedOnly.contains($0) }
        XCTAssert(uncovered.isEmpty, "codes with no fixture: \(uncovered)")
    }

    /// Runnable programs must at least type-check cleanly (their output is checked by the VM's runner).
    func testRunFixturesTypeCheckWithoutErrors() {
        let files = FixtureCorpus.files(under: "Fixtures/run")
        XCTAssertGreaterThanOrEqual(files.count, 80)
        var failures: [String] = []
        for path in files {
            let program = FixtureCorpus.check(path)
            let errors = program.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                failures.append("\(path): " + errors.map { "\($0.code) \($0.message)" }.joined(separator: "; "))
            }
        }
        XCTAssert(failures.isEmpty, "\n" + failures.joined(separator: "\n"))
    }
}
