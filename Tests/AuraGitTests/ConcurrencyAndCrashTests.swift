import AuraGit
import AuraTestSupport
import AuraHistory
@testable import AuraHeal
import Foundation
import XCTest

/// Several `git-aura` processes at once, and processes killed with SIGKILL mid-operation.
final class ConcurrencyAndCrashTests: XCTestCase {
    private var gitAura: String { CommandLineTests.binDirectory + "/git-aura" }

    func testConcurrentSnapshotsLoseNoUpdate() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll()
        let processes = 4, perProcess = 15
        var running: [Process] = []
        for worker in 0..<processes {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "for k in $(seq 1 \(perProcess)); do echo \"$k\" > w\(worker).txt; "
                                 + "\"\(gitAura)\" snapshot create -m \"w\(worker)-$k\" >/dev/null || exit 1; done"]
            process.currentDirectoryURL = URL(fileURLWithPath: repo.root)
            process.environment = repo.env
            try process.run()
            running.append(process)
        }
        for process in running {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "a worker failed")
        }
        let chain = try repo.git("log", "--first-parent", "--format=%s", "refs/aura/heal").split(separator: "\n")
        XCTAssertEqual(chain.count, processes * perProcess, "unbroken chain with every snapshot")
        for worker in 0..<processes {
            for k in 1...perProcess { XCTAssertTrue(chain.contains("aura snapshot: w\(worker)-\(k)"[...]), "w\(worker)-\(k) lost") }
        }
        let reflog = try repo.git("reflog", "show", "--format=%gs", "refs/aura/heal").split(separator: "\n")
        XCTAssertEqual(reflog.count, processes * perProcess, "reflog has every update")
        XCTAssertEqual(Set(reflog).count, processes * perProcess)
        repo.assertHealthy()
    }

    /// Runs git-aura and kills it with SIGKILL after a random delay; returns whether it was killed.
    private func runAndKill(_ arguments: [String], in repo: TempRepository, maxDelay: UInt32, using rng: inout SeededGenerator) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gitAura)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repo.root)
        process.environment = repo.env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32.random(in: 0...maxDelay, using: &rng))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func testKilledSnapshotsLeaveARepositoryThatFsckAcceptsAndTheToolRecovers() throws {
        let repo = try TempRepository()
        for index in 0..<200 { try repo.write("src/f\(index).txt", "\(index)\n") }
        try repo.commitAll()
        var rng = SeededGenerator(seed: 7)
        for round in 0..<15 {
            try repo.write("src/f\(round).txt", "changed \(round)\n")
            try runAndKill(["snapshot", "create", "-m", "killed \(round)"], in: repo, maxDelay: 60_000, using: &rng)
            repo.assertHealthy()
            let recovered = try repo.run(gitAura, ["snapshot", "create", "-m", "after \(round)"])
            XCTAssertEqual(recovered.status, 0, "round \(round): \(recovered.stderr)")
            XCTAssertEqual(try repo.git("show", "refs/aura/heal:src/f\(round).txt"), "changed \(round)\n")
        }
        let chain = try repo.git("log", "--first-parent", "--format=%s", "refs/aura/heal")
        XCTAssertEqual(chain.components(separatedBy: "aura snapshot: after").count - 1, 15, chain)
        repo.assertHealthy()
    }

    func testKilledUndoLeavesNothingLostAndUndoCompletes() throws {
        let repo = try TempRepository()
        for index in 0..<200 { try repo.write("src/f\(index).txt", "\(index)\n") }
        try repo.commitAll()
        let store = SnapshotStore(repository: try repo.open())
        var rng = SeededGenerator(seed: 11)
        for round in 0..<15 {
            let paths = (0..<5).map { "src/f\((round * 5 + $0) % 200).txt" }
            let before = paths.map { repo.read($0) }
            var changes: [String: FileChange] = [:]
            for path in paths { changes[path] = .write(Array("healed \(round)\n".utf8)) }
            let heal = try store.commitHeal(base: try store.snapshot(reason: "round \(round)"), changes: changes, trailers: [])
            try store.applyToWorkingTree(heal)

            try runAndKill(["undo"], in: repo, maxDelay: 60_000, using: &rng)
            repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
            let recovered = try repo.run(gitAura, ["undo"])
            XCTAssertTrue(recovered.status == 0 || recovered.stderr.contains("nothing to undo"),
                          "round \(round): \(recovered.status) \(recovered.stderr)")
            XCTAssertEqual(paths.map { repo.read($0) }, before, "round \(round): undo completed after the crash")
            let reachable = try repo.git("rev-list", "refs/aura/heal", "--branches", "--glob=refs/aura/*")
            XCTAssertTrue(reachable.contains(heal.commit.hex), "round \(round): the undone heal stays reachable")
        }
        repo.assertHealthy(refs: ["refs/aura/heal", "refs/aura/redo"])
    }
}
