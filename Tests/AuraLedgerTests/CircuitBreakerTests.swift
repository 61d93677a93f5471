import AuraLedger
import Foundation
import XCTest

/// The breaker opens after enough rejected or undone heals and holds across processes.
final class CircuitBreakerTests: XCTestCase {
    func testBreakerStateTripsExpiresAndResets() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/ledger.sqlite")
        for at in [100.0, 200] {
            try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0201", path: "a", line: 1, rule: "rules/x",
                                                   decision: "apply", outcome: "rejected", at: at))
        }
        try ledger.recordOperation(OperationRecord(sessionID: nil, kind: .undo, entryID: "r-1", ref: "r", refBefore: nil, refAfter: nil, at: 250))
        XCTAssertFalse(try ledger.breakerState(maxFailures: 3, window: 3600, now: 300).isOpen, "undoing a restore is not a failed heal")
        try ledger.recordOperation(OperationRecord(sessionID: nil, kind: .undo, entryID: "h-1", ref: "r", refBefore: nil, refAfter: nil, at: 260))
        let open = try ledger.breakerState(maxFailures: 3, window: 3600, now: 300)
        XCTAssertTrue(open.isOpen)
        XCTAssertEqual(open.failures, 3)
        XCTAssertEqual(open.until, 3900)
        XCTAssertTrue(open.reason.contains("2 rejected by verification, 1 undone"), open.reason)
        XCTAssertTrue(try ledger.breakerState(maxFailures: 3, window: 3600, now: 3899).isOpen)
        XCTAssertEqual(try ledger.breakerTrips(), 1, "evaluating an open breaker does not trip it again")
        let expired = try ledger.breakerState(maxFailures: 3, window: 3600, now: 3901)
        XCTAssertFalse(expired.isOpen, "the failures left the window with the trip")
        XCTAssertEqual(expired.failures, 0)
        XCTAssertTrue(try ledger.breakerState(maxFailures: 1, window: 100_000, now: 4000).isOpen)
        try ledger.resetBreaker(now: 4001)
        XCTAssertFalse(try ledger.breakerState(maxFailures: 1, window: 100_000, now: 4002).isOpen, "a reset forgets earlier failures")
        XCTAssertEqual(try ledger.breakerTrips(), 2)
    }

    func testBreakerOpenedByOneProcessStopsHealingInAnotherUntilReset() throws {
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.policy", "autonomous")
        // Process 1 (this test) records three rejected heals in the shared ledger.
        let ledger = try Ledger.open(at: repo.ledgerPath)
        try recordRejectedHeals(in: ledger)
        // Process 2: heal refuses; checks still run and the plan is shown.
        let blocked = try repo.aura(["heal"])
        XCTAssertEqual(blocked.status, 1, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("circuit breaker open: 3 heals failed in the last 1h"), blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("healing is paused until 20"), blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("git aura heal --reset-breaker"), blocked.stderr)
        XCTAssertTrue(blocked.stdout.contains("E0201"), "checks still run: \(blocked.stdout)")
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_reprot"), "nothing was applied")
        // Process 3: status says why too.
        let status = try repo.aura(["status"])
        XCTAssertTrue(status.stdout.contains("circuit breaker open"), status.stdout)
        // Process 4: reset and heal.
        let reset = try repo.aura(["heal", "--reset-breaker"])
        XCTAssertEqual(reset.status, 0, reset.stderr)
        XCTAssertTrue(reset.stdout.contains("circuit breaker closed"), reset.stdout)
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_report(users)"))
        XCTAssertEqual(try ledger.breakerTrips(), 1)
    }

    /// Issue #14: an open breaker is judged by the limit configured now, and says that limit.
    func testOpenBreakerFollowsTheCurrentMaxFailures() throws {
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.policy", "autonomous")
        let ledger = try Ledger.open(at: repo.ledgerPath)
        try recordRejectedHeals(in: ledger)
        let tripped = try repo.aura(["heal"])
        XCTAssertEqual(tripped.status, 1, tripped.stderr)
        XCTAssertTrue(tripped.stderr.contains("(3 rejected by verification, 0 undone); limit aura.circuitBreaker.maxFailures = 3;"), tripped.stderr)
        // Lowered: still open, and the message quotes the new limit, not the one it tripped at.
        try repo.git("config", "aura.circuitBreaker.maxFailures", "2")
        let lowered = try repo.aura(["status"])
        XCTAssertTrue(lowered.stdout.contains("limit aura.circuitBreaker.maxFailures = 2;"), lowered.stdout)
        XCTAssertFalse(lowered.stdout.contains("= 3"), lowered.stdout)
        // Raised above the failures that tripped it: healing resumes without a reset.
        try repo.git("config", "aura.circuitBreaker.maxFailures", "5")
        let raised = try repo.aura(["heal"])
        XCTAssertEqual(raised.status, 0, raised.stderr)
        XCTAssertFalse(raised.stderr.contains("circuit breaker open"), raised.stderr)
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_report(users)"), "healed")
        XCTAssertEqual(try ledger.breakerTrips(), 1, "no new trip under the raised limit")
    }

    func testUndoneHealsOpenTheBreakerEndToEnd() throws {
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.policy", "autonomous")
        try repo.git("config", "aura.circuitBreaker.maxFailures", "2")
        try repo.git("config", "aura.circuitBreaker.window", "2d")
        for round in 1...2 {
            let heal = try repo.aura(["heal"])
            XCTAssertEqual(heal.status, 0, "round \(round): \(heal.stderr)")
            XCTAssertEqual(try repo.aura(["undo"]).status, 0)
        }
        let third = try repo.aura(["heal"])
        XCTAssertEqual(third.status, 1)
        XCTAssertTrue(third.stderr.contains("2 heals failed in the last 2d (0 rejected by verification, 2 undone"), third.stderr)
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_reprot"))
        let metrics = try repo.aura(["metrics"])
        XCTAssertTrue(metrics.stdout.contains("\naura_circuit_breaker_trips_total 1\n"), metrics.stdout)
        XCTAssertTrue(metrics.stdout.contains("\naura_circuit_breaker_state{state=\"open\"} 1\n"), metrics.stdout)
        XCTAssertTrue(metrics.stdout.contains("\naura_rollbacks_total 2\n"), metrics.stdout)
    }

    func testInvalidBreakerConfigNamesKeyValueOriginAndAllowed() throws {
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.circuitBreaker.window", "soon")
        let result = try repo.aura(["heal"])
        XCTAssertEqual(result.status, 78)
        XCTAssertEqual(result.stderr, "error: invalid value `soon` for aura.circuitBreaker.window (set in local config); allowed: "
                       + "a duration like 30m, 1h or 2d (units s, m, h, d, w)\n")
        try repo.git("config", "--unset", "aura.circuitBreaker.window")
        let count = try repo.aura(["heal"], env: ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "aura.circuitBreaker.maxFailures",
                                                                        "GIT_CONFIG_VALUE_0": "0"])
        XCTAssertEqual(count.status, 78)
        XCTAssertTrue(count.stderr.contains("aura.circuitBreaker.maxFailures (given on the command line); allowed: a whole number from 1 to 1000"),
                      count.stderr)
    }

    /// Three heals rejected by verification, as another process would have recorded them.
    private func recordRejectedHeals(in ledger: Ledger) throws {
        for line in 1...3 {
            try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0201", path: "src/report.aura", line: line, rule: "rules/similar-name",
                                                   decision: "apply", outcome: "rejected", at: Ledger.now))
        }
    }
}
