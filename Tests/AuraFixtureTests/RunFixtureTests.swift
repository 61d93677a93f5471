import AuraDiagnostics
import AuraSema
import AuraVM
import Foundation
import XCTest

/// Every runnable fixture prints exactly its `# expect:` lines, or fails with the
/// `# expect runtime error CODE` it names (on that line).
final class RunFixtureTests: XCTestCase {
    struct Expected {
        var output: [String] = []
        var runtimeError: (code: String, line: Int)?
    }

    static func expectations(_ path: String) throws -> Expected? {
        let text = try String(contentsOfFile: FixtureCorpus.root + "/" + path, encoding: .utf8)
        if text.hasPrefix("# module:") { return nil }
        var expected = Expected()
        let outputPattern = try NSRegularExpression(pattern: #"#\s*expect: ?(.*)$"#)
        let errorPattern = try NSRegularExpression(pattern: #"#\s*expect runtime error ([RT]\d{4})"#)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let string = String(line)
            let range = NSRange(string.startIndex..., in: string)
            if let match = outputPattern.firstMatch(in: string, range: range), let r = Range(match.range(at: 1), in: string) {
                expected.output.append(String(string[r]))
            }
            if let match = errorPattern.firstMatch(in: string, range: range), let r = Range(match.range(at: 1), in: string) {
                expected.runtimeError = (String(string[r]), index + 1)
            }
        }
        return expected
    }

    func testRunFixturesProduceTheirExpectedOutput() throws {
        var failures: [String] = []
        var ran = 0
        for path in FixtureCorpus.files(under: "Fixtures/run") {
            guard let expected = try RunFixtureTests.expectations(path) else { continue }
            let checked = FixtureCorpus.check(path)
            guard !checked.hasErrors else { failures.append("\(path): compile errors"); continue }
            let compiled = BytecodeCompiler.compile(checked)
            let buffer = Captured()
            let scratch = NSTemporaryDirectory() + "aura-run-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let effects = EffectHost(output: { buffer.text += $0 }, arguments: ["one", "two"], environment: ["AURA_FIXTURE": "yes", "HOME": "/root"],
                                     sandbox: .none, randomSeed: 7)
            let result = ProgramRunner.runMain(compiled, effects: effects, limits: Limits(maxInstructions: 50_000_000, timeLimit: 20, maxCallDepth: 10_000))
            ran += 1
            var lines = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            switch (result, expected.runtimeError) {
            case (.success, nil):
                if lines != expected.output { failures.append("\(path): output\n  expected \(expected.output)\n  actual   \(lines)") }
            case let (.failure(error), (code, line)?):
                let actualLine = error.span.map { checked.sources[$0.file].location(of: $0.start).line }
                if error.code.rawValue != code || actualLine != line {
                    failures.append("\(path): expected runtime error \(code) on line \(line), got \(error.code) on line \(actualLine ?? -1): \(error.message)")
                }
                if Array(lines.prefix(expected.output.count)) != expected.output {
                    failures.append("\(path): output before the error\n  expected \(expected.output)\n  actual   \(lines)")
                }
            case let (.failure(error), nil):
                let line = error.span.map { checked.sources[$0.file].location(of: $0.start).line } ?? -1
                failures.append("\(path): unexpected runtime error \(error.code) on line \(line): \(error.message)")
            case let (.success, (code, _)?):
                failures.append("\(path): expected runtime error \(code), but the program finished")
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 80)
        XCTAssert(failures.isEmpty, "\(failures.count) of \(ran) run fixtures failed:\n" + failures.joined(separator: "\n"))
    }
}

final class Captured: @unchecked Sendable {
    var text = ""
}
