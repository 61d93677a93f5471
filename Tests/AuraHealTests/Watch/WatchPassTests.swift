@testable import AuraHeal
import AuraGit
import AuraLedger
import AuraTestSupport
import Foundation
import XCTest

/// One watch pass under the schedule, with an injected clock (the window in UTC): outside the
/// window only safe fixes are applied and the rest is deferred, in the ledger, until it opens.
final class WatchPassTests: XCTestCase {
    /// A Thursday, 12:00 UTC.
    static let noon = Double(20_000 * 86_400 + 12 * 3600)

    func pass(_ repo: TemporaryRepository, hours: String = "22-4") throws -> (WatchPass, Ledger) {
        let store = try repo.store()
        let ledger = try Ledger.open(repository: store.repository)
        let settings = HealSettings(policy: HealPolicy(mode: .supervised, autoApplyMaxRisk: .low))
        let watch = WatchSettings(schedule: ScheduleWindow(hours: try XCTUnwrap(ScheduleWindow.parseHours(hours)), utcOffset: 0))
        return (WatchPass(store: store, settings: settings, watch: watch, ledger: ledger), ledger)
    }

    func testOutsideTheWindowSafeFixesApplyAndTheRestWaitsForTheWindow() async throws {
        let repo = try TemporaryRepository(files: ["src/report.aura": SamplePrograms.brokenReport])
        let (pass, _) = try pass(repo)
        let outside = try await pass.run(now: Self.noon)
        XCTAssertFalse(outside.insideWindow)
        XCTAssertEqual(outside.report?.appliedCount, 1, "the safe `!` fix")
        XCTAssertTrue(try repo.read("src/report.aura").contains("send!(report)"))
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_reprot"), "the low-risk rename waits")
        let deferral = try XCTUnwrap(outside.deferrals.first)
        XCTAssertEqual(outside.deferrals.count, 1)
        XCTAssertEqual(deferral.until, Self.noon + 10 * 3600)
        XCTAssertTrue(deferral.text.hasPrefix("deferred until 22:00: E0201 src/report.aura:9"), deferral.text)
        try repo.assertHealthy()
    }

    func testADeferralIsInTheLedgerAndAppliedWhenTheWindowOpens() async throws {
        let program = "twice(x: i): i = x * 2\n\nmain = print!(twcie(2))\n"
        let repo = try TemporaryRepository(files: ["a.aura": program])
        let (pass, ledger) = try pass(repo)
        let outside = try await pass.run(now: Self.noon)
        XCTAssertNil(outside.report?.healID)
        XCTAssertEqual(try repo.read("a.aura"), program, "nothing written outside the window")
        let deferred = try XCTUnwrap(try ledger.attempts().first { $0.code == "E0201" })
        XCTAssertEqual(deferred.outcome, "skipped")
        XCTAssertTrue(deferred.reason?.hasPrefix("deferred until 22:00") ?? false, deferred.reason ?? "no reason")
        let first = try XCTUnwrap(try ledger.session(try XCTUnwrap(outside.session)))
        XCTAssertEqual(first.trigger, "watch")
        XCTAssertEqual(first.outcome, "deferred")

        let opened = try await pass.run(now: try XCTUnwrap(outside.deferrals.first?.until))
        XCTAssertTrue(opened.insideWindow)
        XCTAssertTrue(opened.deferrals.isEmpty)
        XCTAssertNotNil(opened.report?.healID)
        XCTAssertEqual(try repo.read("a.aura"), "twice(x: i): i = x * 2\n\nmain = print!(twice(2))\n")
        let second = try XCTUnwrap(try ledger.session(try XCTUnwrap(opened.session)))
        XCTAssertEqual(second.trigger, "watch")
        XCTAssertEqual(second.healID, opened.report?.healID)
        XCTAssertTrue(try ledger.attempts().contains { $0.code == "E0201" && $0.outcome == "applied" && $0.sessionID == second.id })
        let log = try repo.git("log", "--format=%s%n%b", "refs/aura/heal")
        XCTAssertTrue(log.contains("E0201 a.aura:3") && log.contains("Aura-Session: \(second.id)"), log)
        try repo.assertHealthy()
    }

    func testAProblemGoneBeforeTheWindowOpensIsNotTouched() async throws {
        let program = "twice(x: i): i = x * 2\n\nmain = print!(twcie(2))\n"
        let repo = try TemporaryRepository(files: ["a.aura": program])
        let (pass, _) = try pass(repo)
        let outside = try await pass.run(now: Self.noon)
        XCTAssertEqual(outside.deferrals.count, 1)
        let fixedByHand = "twice(x: i): i = x * 2\n\nmain = print!(twice(3))\n"
        try repo.write("a.aura", fixedByHand)
        let opened = try await pass.run(now: Self.noon + 10 * 3600)
        XCTAssertNil(opened.report?.healID)
        XCTAssertEqual(try repo.read("a.aura"), fixedByHand)
    }

    func testAHealthyTreeLeavesNoSnapshotAndNoSession() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        try repo.write("a.aura", "main = print!(2)\n")
        let (pass, ledger) = try pass(repo)
        let result = try await pass.run(now: Self.noon)
        XCTAssertEqual(result.report?.items.count, 0)
        XCTAssertNil(result.session)
        XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "refs/aura/heal"), "no snapshot for a save that broke nothing")
        XCTAssertEqual(try ledger.sessions().count, 0)
    }

    func testModelProvidersAreAskedOnlyInsideTheWindowUnlessAlways() async throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print(1)\n"])
        let store = try repo.store()
        let asked = AskedFlags()
        let providers: @Sendable (Bool) -> [HealProvider] = { models in
            asked.record(models)
            return [RulesProvider()]
        }
        let window = ScheduleWindow(hours: [ScheduleWindow.Hours(22, 4)], utcOffset: 0)
        let windowOnly = WatchPass(store: store, settings: HealSettings(), watch: WatchSettings(schedule: window), ledger: nil, providers: providers)
        _ = try await windowOnly.run(now: Self.noon)
        _ = try await windowOnly.run(now: Self.noon + 11 * 3600)
        let always = WatchPass(store: store, settings: HealSettings(), watch: WatchSettings(schedule: window, modelsAlways: true), ledger: nil,
                               providers: providers)
        _ = try await always.run(now: Self.noon)
        XCTAssertEqual(asked.values, [false, true, true])
    }

    func testTheOutsidePolicyNeverAppliesMoreThanSafe() {
        XCTAssertEqual(WatchPass.outsideWindow(HealPolicy(mode: .autonomous)).decide(.low, interactive: false, assumeYes: false), .skip)
        XCTAssertEqual(WatchPass.outsideWindow(HealPolicy(mode: .autonomous)).decide(.safe, interactive: false, assumeYes: false), .apply)
        XCTAssertEqual(WatchPass.outsideWindow(HealPolicy(mode: .manual)).mode, .manual)
        XCTAssertEqual(WatchPass.outsideWindow(HealPolicy(mode: .guided)).decide(.safe, interactive: false, assumeYes: false), .skip)
    }
}

/// What the provider factory was asked for, in order (it is called from the pass).
final class AskedFlags: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Bool] = []
    func record(_ value: Bool) { lock.withLock { recorded.append(value) } }
    var values: [Bool] { lock.withLock { recorded } }
}
