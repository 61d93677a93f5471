import AuraGit
@testable import AuraHeal
@testable import AuraRepair
import Foundation
import XCTest

/// The rules' risk classes for issue #22: value guard, question fixes, and the supervised policy.
final class RulesProviderTests: XCTestCase {
    static let average = """
    average(xs:[i]): f = sum(xs) / len(xs)

    main = {
        print!(average([1, 2, 4]))
    }

    """

    func candidates(_ files: [String: String]) async throws -> [HealCandidate] {
        let bytes = files.mapValues { Array($0.utf8) }
        let verification = Verifier.verify(files: bytes)
        return try await RulesProvider().propose(HealRequest(verification: verification, files: bytes))
    }

    func testIntegerDivisionConvertsTheOperandsAndIsMediumWithoutATest() async throws {
        let all = try await candidates(["stats.aura": Self.average])
        let candidate = try XCTUnwrap(all.first)
        XCTAssertEqual(candidate.rule, "rules/convert-operands")
        XCTAssertEqual(candidate.risk, .medium)
        XCTAssertTrue(candidate.explanation.contains("no test covers `average`"), candidate.explanation)
        let healed = try CandidateValidation.apply(candidate, to: ["stats.aura": Array(Self.average.utf8)])
        XCTAssertTrue(String(decoding: healed["stats.aura"]!, as: UTF8.self).contains("to_f(sum(xs)) / to_f(len(xs))"))
    }

    func testATestOfTheFunctionLowersTheGuardToLow() async throws {
        let tested = Self.average + "test \"average\" { assert_eq(average([2, 4]), 3.0) }\n"
        let all = try await candidates(["stats.aura": tested])
        let candidate = try XCTUnwrap(all.first)
        XCTAssertEqual(candidate.risk, .low)
        XCTAssertTrue(candidate.explanation.contains("test \"average\" covers `average`"), candidate.explanation)
    }

    func testSupervisedDoesNotApplyTheUncoveredConversion() async throws {
        let repo = try TemporaryRepository(files: ["stats.aura": Self.average])
        let report = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .supervised))).heal()
        XCTAssertNil(report.healID)
        XCTAssertEqual(try repo.read("stats.aura"), Self.average)
        let item = try XCTUnwrap(report.items.first)
        XCTAssertEqual(item.risk, .medium)
        XCTAssertEqual(item.outcome, .skipped("medium risk needs approval"))
    }

    func testGuessedDefaultsAreQuestionsNeverAutomatic() async throws {
        let optional = "next_id(ids:[i]): i = last(ids) + 1\n"
        let text = "double(n:i): i = n * 2\nmain = {\n    qty = \"3\"\n    print!(double(qty))\n}\n"
        for (source, rule) in [(optional, "rules/default-optional"), (text, "rules/parse-with-default")] {
            let all = try await candidates(["a.aura": source])
            let candidate = try XCTUnwrap(all.first, source)
            XCTAssertEqual(candidate.rule, rule)
            XCTAssertEqual(candidate.risk, .critical, "a guess must be asked, not applied")
            XCTAssertEqual(HealPolicy(mode: .autonomous).decide(candidate.risk, interactive: false, assumeYes: true), .skip)
            XCTAssertEqual(HealPolicy(mode: .guided).decide(candidate.risk, interactive: true, assumeYes: false), .ask)
        }
    }

    func testUnterminatedStringIsGuardedAndClosesBeforeTheCall() async throws {
        let source = "main = {\n    print!(\"hello)\n}\n"
        let all = try await candidates(["hello.aura": source])
        XCTAssertEqual(all.map(\.diagnostic.code.rawValue), ["E0102"], "no E0103 for the `(` the `)` closes")
        let candidate = try XCTUnwrap(all.first)
        XCTAssertEqual(candidate.risk, .medium)
        let healed = try CandidateValidation.apply(candidate, to: ["hello.aura": Array(source.utf8)])
        XCTAssertEqual(String(decoding: healed["hello.aura"]!, as: UTF8.self), "main = {\n    print!(\"hello\")\n}\n")
    }

    func testTestCoverageMatchesWholeWords() {
        XCTAssertTrue(TestCoverage.mentions("assert_eq(average([1]), 1.0)", "average"))
        XCTAssertFalse(TestCoverage.mentions("assert_eq(weighted_average([1]), 1.0)", "average"))
        XCTAssertFalse(TestCoverage.mentions("assert_eq(averages, 1)", "average"))
    }
}
