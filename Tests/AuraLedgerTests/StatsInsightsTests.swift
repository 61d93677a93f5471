import AuraLedger
import Foundation
import XCTest

/// `stats` and `insights` on a seeded ledger, with exact numbers.
final class StatsInsightsTests: XCTestCase {
    func seeded() throws -> (TemporaryDirectory, Ledger) {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/ledger.sqlite")
        try SeededLedger.seed(ledger)
        return (directory, ledger)
    }

    func testStatsOverEverything() throws {
        let (_, ledger) = try seeded()
        let stats = try ledger.stats()
        XCTAssertEqual(stats.sessions, 4, "the dry-run status session is not a heal session")
        XCTAssertEqual(stats.attempts, 8)
        XCTAssertEqual(stats.applied, 4)
        XCTAssertEqual(stats.rejected, 3)
        XCTAssertEqual(stats.notApproved, 1)
        XCTAssertEqual(stats.noFix, 2)
        XCTAssertEqual(stats.successRate, 4.0 / 7.0)
        XCTAssertEqual(stats.byRule, [
            .init(name: "rules/missing-capability", attempts: 4, applied: 3, rejected: 1, successRate: 0.75),
            .init(name: "rules/similar-name", attempts: 3, applied: 1, rejected: 2, successRate: 1.0 / 3.0),
            .init(name: "rules/missing-bang", attempts: 1, applied: 0, rejected: 0, successRate: nil),
        ])
        XCTAssertEqual(stats.byProvider, [.init(name: "rules", attempts: 8, applied: 4, rejected: 3, successRate: 4.0 / 7.0)])
        XCTAssertEqual(stats.byRisk, [
            .init(name: "safe", attempts: 5, applied: 3, rejected: 1, successRate: 0.75),
            .init(name: "low", attempts: 3, applied: 1, rejected: 2, successRate: 1.0 / 3.0),
        ])
        XCTAssertEqual(stats.heals, 3)
        XCTAssertEqual(stats.reverts, 1, "undoing a restore is not a revert of a heal")
        XCTAssertEqual(stats.undoRate, 1.0 / 3.0)
        XCTAssertEqual(stats.medianHealLatency, 4)
    }

    func testStatsSince() throws {
        let (_, ledger) = try seeded()
        let stats = try ledger.stats(since: 2600)
        XCTAssertEqual(stats.sessions, 2)
        XCTAssertEqual(stats.attempts, 4)
        XCTAssertEqual(stats.applied, 1)
        XCTAssertEqual(stats.rejected, 2)
        XCTAssertEqual(stats.notApproved, 1)
        XCTAssertEqual(stats.noFix, 2)
        XCTAssertEqual(stats.heals, 1)
        XCTAssertEqual(stats.reverts, 0)
        XCTAssertEqual(stats.undoRate, 0)
        XCTAssertEqual(stats.medianHealLatency, 10)
    }

    func testInsights() throws {
        let (_, ledger) = try seeded()
        let insights = try ledger.insights()
        XCTAssertEqual(insights.commonDiagnostics, [.init(name: "E0501", count: 4), .init(name: "E0201", count: 3),
                                                    .init(name: "T0001", count: 2), .init(name: "E0402", count: 1)])
        XCTAssertEqual(insights.commonFiles, [.init(name: "src/app.aura", count: 6), .init(name: "src/store.aura", count: 4)])
        XCTAssertEqual(insights.recurring.map { "\($0.code) \($0.path) \($0.count) \($0.rule ?? "-")" },
                       ["E0501 src/store.aura 4 rules/missing-capability", "E0201 src/app.aura 3 rules/similar-name"])
        XCTAssertTrue(insights.recurring[0].suggestion.hasPrefix("consider declaring the capabilities of src/store.aura"), insights.recurring[0].suggestion)
        XCTAssertEqual(insights.poorRules.map(\.name), ["rules/similar-name"])
        XCTAssertEqual(insights.healsApplied, 4)
        XCTAssertEqual(insights.estimatedMinutesSaved, 3 * 2 + 4)
    }

    func testStatsAndInsightsCommandsOnASeededLedger() throws {
        let repo = try LedgerTestRepository(files: ["a.txt": "a\n"])
        try SeededLedger.seed(try Ledger.open(at: repo.ledgerPath))
        let json = try repo.aura(["stats", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let decoded = try JSONDecoder().decode(LedgerStats.self, from: Data(json.stdout.utf8))
        XCTAssertEqual(decoded.applied, 4)
        XCTAssertEqual(decoded.medianHealLatency, 4)
        let text = try repo.aura(["stats"])
        XCTAssertTrue(text.stdout.contains("success rate 57.1% (applied / (applied + rejected))"), text.stdout)
        XCTAssertTrue(text.stdout.contains("heals 3 · reverted 1 · undo rate 33.3%"), text.stdout)
        XCTAssertTrue(text.stdout.contains("median heal latency 4.00 s"), text.stdout)
        XCTAssertTrue(text.stdout.contains("rules/missing-capability         4        3         1  75.0%"), text.stdout)
        let insights = try repo.aura(["insights"])
        XCTAssertEqual(insights.status, 0, insights.stderr)
        XCTAssertTrue(insights.stdout.contains("E0501 missing +db 4 times in src/store.aura — consider declaring"), insights.stdout)
        XCTAssertTrue(insights.stdout.contains("rules/similar-name: 1 applied, 2 rejected (33.3%)"), insights.stdout)
        XCTAssertTrue(insights.stdout.contains("estimated time saved: 0 h 10 min over 4 applied fixes"), insights.stdout)
        XCTAssertEqual(try repo.aura(["stats", "--since", "whenever"]).status, 64)
        let recent = try repo.aura(["stats", "--since", "30d", "--json"])
        XCTAssertEqual(try JSONDecoder().decode(LedgerStats.self, from: Data(recent.stdout.utf8)).attempts, 0, "the seed is from 1970")
    }
}
