import AuraGit
import AuraHeal
import AuraLedger
import AuraTestSupport
import Foundation
import XCTest

/// `aura.learn` on a real repository with the built `git-aura`: a rule whose heals keep being
/// undone stops being applied without asking — only ever more caution than the policy.
final class LearnedConfidenceTests: XCTestCase {
    /// One problem a safe rule heals: `send` needs its `!`.
    static let program = SamplePrograms.brokenReport.replacingOccurrences(of: "generate_reprot", with: "generate_report")

    func testFiveUndoneHealsMakeTheSixthAsk() throws {
        let repository = try LedgerTestRepository(files: ["src/report.aura": Self.program])
        try repository.git("config", "aura.policy", "supervised")
        // Undos also count for the circuit breaker (3 in an hour open it); learning is about a
        // rule's record over time, so the breaker is kept out of the way here.
        try repository.git("config", "aura.circuitBreaker.maxFailures", "100")
        for cycle in 1...5 {
            let heal = try repository.aura(["heal"])
            XCTAssertEqual(heal.status, 0, "cycle \(cycle): \(heal.stdout)\(heal.stderr)")
            XCTAssertTrue(heal.stdout.contains("rules/missing-bang"), heal.stdout)
            XCTAssertTrue(heal.stdout.contains("→ applied"), "cycle \(cycle): \(heal.stdout)")
            XCTAssertEqual(try repository.aura(["undo"]).status, 0)
            XCTAssertEqual(try repository.read("src/report.aura"), Self.program)
        }

        let sixth = try repository.aura(["heal"])
        XCTAssertEqual(sixth.status, 1, "a fix waits for approval: \(sixth.stdout)")
        XCTAssertTrue(sixth.stdout.contains("needs approval (asks: undone 5 of the last 5 times (keeps 0%, below aura.learn.autoApplyMin 60%))"),
                      sixth.stdout)
        XCTAssertEqual(try repository.read("src/report.aura"), Self.program, "nothing was applied")
        let ledger = try Ledger.open(at: repository.ledgerPath)
        let last = try XCTUnwrap(try ledger.attempts().last)
        XCTAssertEqual(last.outcome, "skipped")
        XCTAssertEqual(last.reason?.hasPrefix("asks: undone 5 of the last 5 times"), true, last.reason ?? "nil")
        XCTAssertEqual(last.confidence, 0, "the effective confidence is the keep rate")

        let insights = try repository.aura(["insights"]).stdout
        XCTAssertTrue(insights.contains("learned confidence"), insights)
        XCTAssertTrue(insights.contains("rules/missing-bang  kept 0, undone 5, reverted 0, declined 0 of the last 5 · keeps 0.0% → asks before applying"), insights)
        let insightsJSON = try repository.aura(["insights", "--json"]).stdout
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(insightsJSON.utf8)) as? [String: Any])
        let row = try XCTUnwrap((json["learned"] as? [[String: Any]])?.first)
        XCTAssertEqual(row["rule"] as? String, "rules/missing-bang")
        XCTAssertEqual(row["undone"] as? Int, 5)
        XCTAssertEqual(row["keepRate"] as? Double, 0)
        let policy = try repository.aura(["policy"]).stdout
        XCTAssertTrue(policy.contains("learned (aura.learn): these rules ask instead of applying without asking"), policy)
        XCTAssertTrue(policy.contains("rules/missing-bang asks: undone 5 of the last 5 times"), policy)

        // --yes answers what would be asked; learning off applies per policy again.
        let approved = try repository.aura(["heal", "--dry-run", "--yes"])
        XCTAssertTrue(approved.stdout.contains("→ would apply"), approved.stdout)
        try repository.git("config", "aura.learn", "false")
        let unlearned = try repository.aura(["heal"])
        XCTAssertEqual(unlearned.status, 0, unlearned.stdout)
        XCTAssertTrue(unlearned.stdout.contains("→ applied"), unlearned.stdout)
        XCTAssertTrue(try repository.aura(["policy"]).stdout.contains("aura.learn=false: the ledger's history of each rule is not used"))
    }

    func testHealsRevertedByLaterCommitsMakeTheRuleAsk() throws {
        let repository = try LedgerTestRepository(files: ["src/report.aura": Self.program])
        try repository.git("config", "aura.policy", "supervised")
        for cycle in 1...5 {
            let heal = try repository.aura(["heal"])
            XCTAssertTrue(heal.stdout.contains("→ applied"), "cycle \(cycle): \(heal.stdout)\(heal.stderr)")
            try repository.git("commit", "-qam", "take the heal")
            // Later, someone restores the text as it was before the heal, and commits it.
            try repository.write("src/report.aura", Self.program)
            try repository.git("commit", "-qam", "back to send(report)")
        }
        let sixth = try repository.aura(["heal"])
        XCTAssertEqual(sixth.status, 1, sixth.stdout)
        XCTAssertTrue(sixth.stdout.contains("needs approval (asks: reverted 5 of the last 5 times"), sixth.stdout)
        XCTAssertTrue(try repository.aura(["insights"]).stdout.contains("kept 0, undone 0, reverted 5, declined 0 of the last 5"))

        // A heal that was never committed is not a revert: HEAD still has the old text.
        let uncommitted = try LedgerTestRepository(files: ["src/report.aura": Self.program])
        try uncommitted.git("config", "aura.policy", "supervised")
        XCTAssertTrue(try uncommitted.aura(["heal"]).stdout.contains("→ applied"))
        let ledger = try Ledger.open(at: uncommitted.ledgerPath)
        XCTAssertEqual(try RevertedHeals.find(in: try Repository.discover(environment: [:], currentDirectory: uncommitted.path), attempts: try ledger.attempts()), [])
    }

    func testKeptHealsAndTooFewSamplesKeepThePolicy() throws {
        let undone = { (n: Int) in [RuleHistory.Outcome](repeating: .undone, count: n) }
        let kept = { (n: Int) in [RuleHistory.Outcome](repeating: .kept, count: n) }
        let learned = LearnedConfidence(settings: LearningSettings(), histories: [
            RuleHistory(rule: "rules/a", provider: "rules", outcomes: undone(4)),
            RuleHistory(rule: "rules/b", provider: "rules", outcomes: kept(3) + undone(2)),
            RuleHistory(rule: "rules/c", provider: "rules", outcomes: kept(2) + undone(2) + [.declined]),
        ])
        XCTAssertNil(learned.caution(for: "rules/a"), "4 outcomes are fewer than aura.learn.minSamples 5")
        XCTAssertNil(learned.keepRate(of: "rules/a"))
        XCTAssertNil(learned.caution(for: "rules/b"), "kept 3 of 5 is 60%, not below 0.6")
        XCTAssertEqual(learned.keepRate(of: "rules/b"), 0.6)
        XCTAssertEqual(learned.caution(for: "rules/c"), "asks: undone 2, declined 1 of the last 5 times (keeps 40%, below aura.learn.autoApplyMin 60%)")
        XCTAssertNil(learned.caution(for: "rules/unknown"))
    }

    func testRuleHistoriesCountUndoAndRedo() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/ledger.sqlite")
        for (index, heal) in ["h-1", "h-2", "h-3"].enumerated() {
            try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0402", path: "a.aura", line: 1, provider: "rules",
                                                   rule: "rules/missing-bang", decision: "apply", outcome: "applied", healID: heal, at: Double(index)))
        }
        try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0402", path: "a.aura", line: 1, provider: "rules",
                                               rule: "rules/missing-bang", decision: "ask", outcome: "declined", at: 4))
        try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0402", path: "a.aura", line: 1, provider: "rules",
                                               rule: "rules/missing-bang", decision: "apply", outcome: "rejected", at: 5))
        for (kind, entry, at) in [(OperationRecord.Kind.undo, "h-1", 10.0), (.undo, "h-2", 11), (.redo, "h-2", 12)] {
            try ledger.recordOperation(OperationRecord(sessionID: nil, kind: kind, entryID: entry, ref: "refs/aura/heal", refBefore: nil, refAfter: nil, at: at))
        }
        XCTAssertEqual(try ledger.ruleHistories(), [RuleHistory(rule: "rules/missing-bang", provider: "rules",
                                                                outcomes: [.undone, .kept, .kept, .declined])],
                       "a redone heal is kept; a rejected candidate is no outcome")
        XCTAssertEqual(try ledger.ruleHistories(window: 2).first?.outcomes, [.kept, .declined])
    }
}
