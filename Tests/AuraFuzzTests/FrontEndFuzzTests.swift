import AuraDiagnostics
import AuraFuzzSupport
import Foundation
import XCTest

/// The bounded fuzz run of `make test`: deterministic mutants of the fixture corpus through
/// lexer, parser, checker and renderers (scripts/fuzz.sh runs libFuzzer for longer), and every
/// crasher or hang ever found (Fixtures/fuzz/) as a regression input.
final class FrontEndFuzzTests: XCTestCase {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    func files(under folder: String, suffix: String) -> [URL] {
        let base = FrontEndFuzzTests.root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted().map { base.appendingPathComponent($0) }
    }

    /// Seconds a single input may take in a debug build before it counts as a hang.
    static let hangSeconds = 3.0

    func check(_ bytes: [UInt8], _ name: String) -> Double {
        let started = Date()
        let problems = FrontEndFuzz.run(bytes)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(problems, [], name)
        XCTAssertLessThan(seconds, FrontEndFuzzTests.hangSeconds, "\(name) (\(bytes.count) bytes) is a hang")
        return seconds
    }

    func testRegressionInputsFromEarlierFuzzing() throws {
        let inputs = files(under: "Fixtures/fuzz", suffix: ".aura")
        XCTAssertFalse(inputs.isEmpty, "Fixtures/fuzz holds the crashers and hangs found so far")
        for url in inputs { _ = check(Array(try Data(contentsOf: url)), url.lastPathComponent) }
    }

    func testMutatedCorpusKeepsTheInvariants() throws {
        let corpus = try files(under: "Fixtures", suffix: ".aura").filter { !$0.path.contains("/fuzz/") }.map { Array(try Data(contentsOf: $0)) }
        XCTAssertGreaterThan(corpus.count, 50)
        // A time budget, not a count: the run stays a few seconds on any machine.
        let budget = Double(ProcessInfo.processInfo.environment["AURA_FUZZ_SECONDS"] ?? "") ?? 4
        var mutator = SourceMutator(seed: 0xA0BA_F022)
        let started = Date()
        var runs = 0, slowest = 0.0
        while Date().timeIntervalSince(started) < budget {
            var input = corpus[runs % corpus.count]
            // Stack mutations now and then, so mutants drift further from the corpus.
            for _ in 0...(runs % 3) { input = mutator.mutate(input) }
            slowest = max(slowest, check(input, "mutant \(runs) of corpus file \(runs % corpus.count)"))
            runs += 1
        }
        XCTAssertGreaterThan(runs, 100)
        print("fuzz: \(runs) inputs in \(Int(budget)) s, slowest \(Int(slowest * 1000)) ms")
    }
}
