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
        // A fresh repository every 2,000 operations keeps each step's checks cheap in long runs.
        let segment = 2_000
        var total = Torture.Figures()
        var failures: [String] = []
        let started = Date()
        var part: UInt64 = 0
        while total.operations < operations || total.kills < kills {
            let torture = try Torture(seed: seed &+ part, fsckEvery: number("AURA_TORTURE_FSCK_EVERY", 5))
            part += 1
            var figures = try torture.run(operations: min(segment, operations - total.operations),
                                          kills: min(segment / 5, max(0, kills - total.kills)))
            figures.counts["final undos", default: 0] = try torture.undoAll()
            torture.repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
            total.add(figures)
            failures += torture.failures
            if !failures.isEmpty { break }
        }
        print("torture (seed \(seed), \(Int(Date().timeIntervalSince(started))) s): \(total)")
        XCTAssertEqual(failures, [], "seed \(seed)")
        let figures = total
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
