import AuraHeal
import Foundation
import XCTest

/// Fixtures/heal/<case>/: `input/` (a broken project), and `expected/` (the files after a correct
/// heal) or `no-fix` (the healer must not touch anything). Heals with the most permissive policy
/// (autonomous, --yes): whatever it does must still be exactly right.
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

    func testEveryHealFixture() async throws {
        let cases = (try? FileManager.default.contentsOfDirectory(atPath: HealFixtureTests.root.path))?.sorted() ?? []
        XCTAssertGreaterThanOrEqual(cases.count, 40, "the heal corpus should have at least 40 cases")
        var healed = 0, fixable = 0, wrong: [String] = [], missed: [String] = [], touched: [String] = []
        for name in cases {
            let directory = HealFixtureTests.root.appendingPathComponent(name)
            let input = try files(under: directory.appendingPathComponent("input"))
            guard !input.isEmpty else { continue }
            let noFix = FileManager.default.fileExists(atPath: directory.appendingPathComponent("no-fix").path)
            let repo = try TemporaryRepository(files: input)
            let report = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous)), options: HealOptions(assumeYes: true)).heal()
            var actual: [String: String] = [:]
            for path in input.keys { actual[path] = try repo.read(path) }
            if noFix {
                if actual != input || report.healID != nil { touched.append(name) }
                continue
            }
            fixable += 1
            let expected = try files(under: directory.appendingPathComponent("expected"))
            if actual == expected {
                healed += 1
            } else if actual == input {
                missed.append(name)
            } else {
                wrong.append(name + "\n" + actual.sorted { $0.key < $1.key }.map { "--- \($0.key)\n\($0.value)" }.joined(separator: "\n"))
            }
            try repo.assertHealthy()
        }
        let noFixCount = cases.count - fixable
        print("heal rate: \(healed)/\(fixable) fixable cases healed, \(wrong.count) wrong fixes, \(touched.count) of \(noFixCount) no-fix cases touched")
        XCTAssert(wrong.isEmpty, "wrong fixes:\n" + wrong.joined(separator: "\n\n"))
        XCTAssert(touched.isEmpty, "no-fix cases that were changed: \(touched)")
        XCTAssert(missed.isEmpty, "fixable cases left unhealed: \(missed)")
    }
}
