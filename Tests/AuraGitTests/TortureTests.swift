import AuraGit
@testable import AuraHistory
import Foundation
import XCTest

/// The torture suite (issue #12): see `Torture` for what is checked after every step.
/// `make test` runs the bounded version below; `scripts/torture.sh` the long one.
final class TortureTests: XCTestCase {
    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    private func number(_ key: String, _ fallback: Int) -> Int { environment[key].flatMap { Int($0) } ?? fallback }

    func testRandomOperationsAndKillsNeverLoseAByte() throws {
        let seed = environment["AURA_TORTURE_SEED"].flatMap { UInt64($0) } ?? 0x7047_2026
        let operations = number("AURA_TORTURE_OPS", 300), kills = number("AURA_TORTURE_KILLS", 40)
        let torture = try Torture(seed: seed, fsckEvery: number("AURA_TORTURE_FSCK_EVERY", 5))
        let started = Date()
        var figures = try torture.run(operations: operations, kills: kills)
        let undone = try torture.undoAll()
        figures.counts["final undos", default: 0] = undone
        torture.repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
        print("torture (seed \(seed), \(Int(Date().timeIntervalSince(started))) s): \(figures)")
        XCTAssertEqual(torture.failures, [], "seed \(seed)")
        XCTAssertEqual(figures.losses, 0)
        XCTAssertGreaterThanOrEqual(figures.operations, operations)
        XCTAssertGreaterThanOrEqual(figures.kills, kills)
    }

    func testConcurrentEditRoundsLoseNoLine() throws {
        let rounds = number("AURA_TORTURE_ROUNDS", 100)
        let repo = try TempRepository()
        for index in 0..<20 { try repo.write("f\(index).txt", "base \(index)\n") }
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        let seed = environment["AURA_TORTURE_SEED"].flatMap { UInt64($0) } ?? 17
        let report = try ConcurrentEditRounds.run(repo: repo, store: store, rounds: rounds, seed: seed)
        print("torture concurrent edit rounds: \(report.rounds), applied \(report.applied), conflicts \(report.conflicts), losses \(report.lost.count)")
        XCTAssertEqual(report.lost, [])
        XCTAssertEqual(report.rounds, rounds)
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }
}
