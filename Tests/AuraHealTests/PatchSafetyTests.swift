import AuraDiagnostics
import AuraGit
import AuraHistory
@testable import AuraHeal
import XCTest

/// A model that always proposes the same patch for the failing test.
struct ScriptedProvider: HealProvider {
    let name = "scripted"
    let patch: @Sendable (String) -> [FileEdit]

    func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        request.problems.compactMap { problem in
            guard case .test = problem.id, let bytes = request.files[problem.path] else { return nil }
            return HealCandidate(problem: problem, rule: "scripted/patch", provider: name,
                                 edits: patch(String(decoding: bytes, as: UTF8.self)), explanation: "", confidence: 0.9, risk: .medium)
        }
    }
}

/// The hostile patches of issue #13: each would make the failing test pass by weakening or
/// answering the test. None may be applied without a human, under any policy.
final class PatchSafetyTests: XCTestCase {
    static let source = """
        add(a: i, b: i): i = a - b

        test "add adds" {
            assert_eq(add(1, 2), 3)
            assert_eq(add(2, 2), 4)
        }

        """

    /// One edit replacing `old` (its first occurrence) with `new`.
    static func replacing(_ old: String, _ new: String) -> @Sendable (String) -> [FileEdit] {
        { text in
            guard let range = text.range(of: old) else { return [] }
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            return [FileEdit(path: "calc.aura", start: start, end: start + old.utf8.count, replacement: new)]
        }
    }

    func heal(_ patch: @escaping @Sendable (String) -> [FileEdit], mode: HealPolicy.Mode = .autonomous,
              maxRisk: Risk = .high) async throws -> (HealReport, String) {
        let repo = try TemporaryRepository(files: ["calc.aura": Self.source])
        let settings = HealSettings(policy: HealPolicy(mode: mode, autoApplyMaxRisk: maxRisk))
        let report = try await Healer(store: try repo.store(), settings: settings, providers: [ScriptedProvider(patch: patch)],
                                      options: HealOptions(assumeYes: true)).heal()
        return (report, try repo.read("calc.aura"))
    }

    func assertRefused(_ patch: @escaping @Sendable (String) -> [FileEdit], because reason: String,
                       file: StaticString = #filePath, line: UInt = #line) async throws {
        for (mode, maxRisk) in [(HealPolicy.Mode.autonomous, Risk.high), (.supervised, .high)] {
            let (report, text) = try await heal(patch, mode: mode, maxRisk: maxRisk)
            XCTAssertEqual(text, Self.source, "\(mode): the file must be untouched", file: file, line: line)
            XCTAssertNil(report.healID, file: file, line: line)
            let item = try XCTUnwrap(report.items.first { if case .test = $0.problem { return true }; return false }, file: file, line: line)
            XCTAssertEqual(item.risk, .critical, "\(mode): \(item.outcome)", file: file, line: line)
            XCTAssertTrue(item.note?.contains(reason) ?? false, "\(item.note ?? "no note")", file: file, line: line)
        }
    }

    func testChangingTheExpectationFromAboveTheTestIsCritical() async throws {
        // The edit starts on the line above the `test` block, so it is not *inside* the block.
        try await assertRefused(Self.replacing("a - b\n\ntest \"add adds\" {\n    assert_eq(add(1, 2), 3)",
                                               "a - b\n\ntest \"add adds\" {\n    assert_eq(add(1, 2), -1)"), because: "test block")
    }

    func testReplacingAnAssertionByAssertTrueIsCritical() async throws {
        try await assertRefused(Self.replacing("assert_eq(add(1, 2), 3)\n    assert_eq(add(2, 2), 4)", "assert(true)"), because: "test block")
    }

    func testDeletingTheTestWhileAddingACommentIsCritical() async throws {
        try await assertRefused(Self.replacing("test \"add adds\" {\n    assert_eq(add(1, 2), 3)\n    assert_eq(add(2, 2), 4)\n}\n",
                                               "# the tests moved elsewhere\n"), because: "test")
    }

    func testReplacingTheWholeFileIsCritical() async throws {
        try await assertRefused({ text in [FileEdit(path: "calc.aura", start: 0, end: text.utf8.count, replacement: "add(a: i, b: i): i = a + b\n")] },
                                because: "test")
    }

    func testSpecialCasingTheTestInputsIsCritical() async throws {
        try await assertRefused(Self.replacing("a - b", "if a == 1 { 3 } else if a == 2 { 4 } else { a - b }"), because: "literal from the failing test")
    }

    /// The control: a real fix of the code under test is a model patch of medium risk, applied
    /// under `autonomous`, and the tests keep every assertion.
    func testARealFixIsStillApplied() async throws {
        let (report, text) = try await heal(Self.replacing("a - b", "a + b"))
        XCTAssertNotNil(report.healID, "\(report.items.map(\.outcome))")
        XCTAssertEqual(text, Self.source.replacingOccurrences(of: "a - b", with: "a + b"))
    }

    func testInventoryCountsTestsAndAssertions() {
        let inventory = TestInventory(path: "calc.aura", bytes: Array(Self.source.utf8))
        XCTAssertEqual(inventory.tests[TestName(module: "calc.aura", title: "add adds")]?.assertions, 2)
        let weaker = TestInventory(path: "calc.aura", bytes: Array(Self.source.replacingOccurrences(of: "    assert_eq(add(2, 2), 4)\n", with: "").utf8))
        XCTAssertEqual(inventory.shrinkage(to: weaker), "test calc.aura: add adds has fewer assertions (2 → 1)")
        XCTAssertNil(inventory.shrinkage(to: inventory))
    }
}
