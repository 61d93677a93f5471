import AuraHeal
import Foundation
import XCTest

/// Fixtures/heal/<case>/: `input/` (a broken project), and either `expected/` (the files after a
/// correct heal) plus `expected-output` (what the healed program's `main` prints), or `no-fix`
/// (the healer must not touch anything). Heals with the most permissive policy (autonomous,
/// --yes): whatever it does must still be exactly right.
///
/// The report counts fixed / untouched / wrong. A fix is wrong when it changes a `no-fix` case,
/// writes other files than `expected/`, or checks clean but prints something else than
/// `expected-output` — it changed what the program evidently meant. Any wrong fix fails the test.
///
/// `AURA_UPDATE_HEAL_OUTPUTS=1` writes each fixable case's `expected-output` from running its
/// `expected/` files (review the diff: the output is the contract).
final class HealFixtureTests: XCTestCase {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/heal")
    }()

    func files(under directory: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return result }
        for case let relative as String in enumerator {
            var isDirectory: ObjCBool = false
            let full = directory.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        return result
    }

    /// Heals one case in a fresh repository and judges the result.
    func heal(_ directory: URL) async throws -> HealCorpusOutcome? {
        let input = try files(under: directory.appendingPathComponent("input"))
        guard !input.isEmpty else { return nil }
        let noFix = FileManager.default.fileExists(atPath: directory.appendingPathComponent("no-fix").path)
        let repo = try TemporaryRepository(files: input)
        let report = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous)), options: HealOptions(assumeYes: true)).heal()
        var actual: [String: String] = [:]
        for path in input.keys { actual[path] = try repo.read(path) }
        try repo.assertHealthy()
        let listing = actual.sorted { $0.key < $1.key }.map { "--- \($0.key)\n\($0.value)" }.joined(separator: "\n")
        if actual == input && report.healID == nil { return .untouched }
        if noFix { return .wrong("changed a no-fix case:\n" + listing) }
        let expected = try files(under: directory.appendingPathComponent("expected"))
        if actual != expected { return .wrong("the healed files differ from expected/:\n" + listing) }
        let outputURL = directory.appendingPathComponent("expected-output")
        if ProcessInfo.processInfo.environment["AURA_UPDATE_HEAL_OUTPUTS"] == "1" {
            try HealedProgram.output(expected).write(to: outputURL, atomically: true, encoding: .utf8)
        }
        guard let wanted = try? String(contentsOf: outputURL, encoding: .utf8) else { return .wrong("the case has no expected-output") }
        let printed = HealedProgram.output(actual)
        if printed != wanted { return .wrong("the healed program prints\n\(printed)instead of\n\(wanted)" + listing) }
        return .fixed
    }

    /// The output check is what makes a clean-checking fix "wrong": converting the quotient
    /// instead of the operands checks, but prints 2.0.
    func testTheOutputCheckCatchesATruncatingConversion() throws {
        let directory = HealFixtureTests.root.appendingPathComponent("int-division-to-float")
        let wanted = try String(contentsOf: directory.appendingPathComponent("expected-output"), encoding: .utf8)
        var truncating = try files(under: directory.appendingPathComponent("input"))
        truncating["stats.aura"] = truncating["stats.aura"]!.replacingOccurrences(of: "sum(xs) / len(xs)", with: "to_f(sum(xs) / len(xs))")
        XCTAssertEqual(HealedProgram.output(truncating), "2.0\n")
        XCTAssertNotEqual(HealedProgram.output(truncating), wanted)
        XCTAssertEqual(HealedProgram.output(try files(under: directory.appendingPathComponent("expected"))), wanted)
    }

    func testEveryHealFixture() async throws {
        let cases = (try? FileManager.default.contentsOfDirectory(atPath: HealFixtureTests.root.path))?.sorted() ?? []
        XCTAssertGreaterThanOrEqual(cases.count, 40, "the heal corpus should have at least 40 cases")
        var fixed = 0, untouched = 0, noFixCases = 0, wrong: [String] = [], missed: [String] = []
        for name in cases {
            let directory = HealFixtureTests.root.appendingPathComponent(name)
            guard let outcome = try await heal(directory) else { continue }
            let noFix = FileManager.default.fileExists(atPath: directory.appendingPathComponent("no-fix").path)
            if noFix { noFixCases += 1 }
            switch outcome {
            case .fixed: fixed += 1
            case .untouched:
                untouched += 1
                if !noFix { missed.append(name) }
            case let .wrong(reason): wrong.append("\(name): \(reason)")
            }
        }
        let total = fixed + untouched + wrong.count
        print("heal corpus: \(fixed) fixed, \(untouched) untouched, \(wrong.count) wrong (\(total) cases: \(total - noFixCases) fixable, \(noFixCases) no-fix; \(missed.count) fixable left untouched)")
        XCTAssert(wrong.isEmpty, "wrong fixes:\n" + wrong.joined(separator: "\n\n"))
        XCTAssert(missed.isEmpty, "fixable cases left unhealed: \(missed)")
    }
}
