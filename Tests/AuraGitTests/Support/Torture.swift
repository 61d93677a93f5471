import AuraGit
import AuraTestSupport
@testable import AuraHistory
import Foundation
import XCTest

/// A model checker in the spirit of Jujutsu's concurrency and crash tests: random operations
/// (heal, undo, redo, restore, snapshot, user edits, commits, checkouts), some of them killed
/// with SIGKILL at a random moment or crashed at a journal point, each followed by the checks
/// of docs/git-aura.md "Safety guarantees":
///
/// - `git fsck --strict` is clean;
/// - no file is truncated or mixed: every file holds exactly one content this run produced;
/// - every state a tool operation displaced is a blob reachable from an aura ref (or a branch);
/// - the history is consistent and no journal is left once a command has run, so undo works.
///
/// Sizes come from the environment (`AURA_TORTURE_OPS`, `AURA_TORTURE_KILLS`,
/// `AURA_TORTURE_SEED`, `AURA_TORTURE_FSCK_EVERY`); `scripts/torture.sh` runs the long version.
final class Torture {
    struct Figures: CustomStringConvertible {
        var operations = 0
        var kills = 0
        var simulatedCrashes = 0
        var checks = 0
        var losses = 0
        var counts: [String: Int] = [:]

        mutating func add(_ other: Figures) {
            operations += other.operations
            kills += other.kills
            simulatedCrashes += other.simulatedCrashes
            checks += other.checks
            losses += other.losses
            for (key, value) in other.counts { counts[key, default: 0] += value }
        }

        var description: String {
            "operations \(operations), kills \(kills) (SIGKILL) + \(simulatedCrashes) crash points, checks \(checks), losses \(losses); "
                + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
    }

    private struct SimulatedCrash: Error {}

    static let pool = ["a.aura", "b.aura", "src/main.aura", "src/util.aura", "src/deep/x.aura", "docs/readme.md",
                       "test/t1.aura", "logo.bin", "run.sh"]

    let repo: TempRepository
    let store: SnapshotStore
    var rng: SeededGenerator
    var figures = Figures()
    let fsckEvery: Int
    private let gitAura: String
    /// Every content this run ever put in a file (by the user or a heal): anything else on disk
    /// is a torn or mixed write.
    private var known: Set<[UInt8]> = []
    private var version = 0
    var failures: [String] = []

    init(seed: UInt64, fsckEvery: Int) throws {
        rng = SeededGenerator(seed: seed)
        self.fsckEvery = fsckEvery
        gitAura = CommandLineTests.binDirectory + "/git-aura"
        let repo = try TempRepository()
        self.repo = repo
        store = SnapshotStore(repository: try repo.open())
        try repo.write(".gitignore", "*.log\n")
        for path in Self.pool { try write(path) }
        try repo.commitAll("initial")
    }

    /// Runs until at least `operations` operations and `kills` SIGKILLs were made.
    func run(operations: Int, kills: Int) throws -> Figures {
        while figures.operations < operations || figures.kills < kills {
            let roll = Int.random(in: 0..<100, using: &rng)
            let killing = figures.kills < kills && (roll >= 85 || operations - figures.operations < kills - figures.kills)
            let before = try disk()
            let name = killing ? try killedCommand() : try operation(roll)
            figures.operations += 1
            figures.counts[name, default: 0] += 1
            try check(before: before, after: name)
            if !failures.isEmpty { break }
        }
        return figures
    }

    // MARK: - Operations

    private func operation(_ roll: Int) throws -> String {
        switch roll {
        case 0..<18: try write(Self.pool.randomElement(using: &rng)!); return "edit"
        case 18..<21:
            let path = Self.pool.randomElement(using: &rng)!
            if repo.exists(path) { try repo.delete(path) }
            return "delete"
        case 21..<25:
            try repo.git("add", "-A")
            _ = try repo.run("/usr/bin/git", ["commit", "-q", "-m", "user commit \(figures.operations)"])
            return "commit"
        case 25..<28:
            let branch = Bool.random(using: &rng) ? "main" : "side"
            _ = try repo.run("/usr/bin/git", ["checkout", "-q", branch == "side" ? "-B" : "", branch].filter { !$0.isEmpty })
            return "checkout"
        case 28..<38: _ = try aura(["snapshot", "create", "-m", "op \(figures.operations)"]); return "snapshot"
        case 38..<58: try heal(); return "heal"
        case 58..<70: _ = try aura(Bool.random(using: &rng) && rng.chance(0.4) ? ["undo", "--force"] : ["undo"]); return "undo"
        case 70..<78: _ = try aura(["redo"]); return "redo"
        case 78..<80: _ = try aura(["snapshot", "prune", "--keep", "40"]); return "prune"
        default:
            guard let target = try store.history(limit: 12).entries.randomElement(using: &rng) else { return "restore" }
            _ = try aura(["snapshot", "restore", target.id])
            return "restore"
        }
    }

    /// An undo, redo, restore or snapshot killed with SIGKILL after a random delay, then any
    /// command (a listing) to recover.
    private func killedCommand() throws -> String {
        var arguments: [[String]] = [["undo"], ["redo"], ["snapshot", "create"], ["undo", "--force"]]
        if let target = try store.history(limit: 8).entries.randomElement(using: &rng) {
            arguments.append(["snapshot", "restore", target.id])
        }
        // Make sure there is something to undo or redo most of the time.
        if rng.chance(0.5) { try heal(crashes: false) }
        let chosen = arguments.randomElement(using: &rng)!
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gitAura)
        process.arguments = chosen
        process.currentDirectoryURL = URL(fileURLWithPath: repo.root)
        process.environment = repo.env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32.random(in: 0...45_000, using: &rng))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        figures.kills += 1
        _ = try aura(["snapshots"])   // any next command finishes or reverts the killed one
        return "killed " + chosen.prefix(2).joined(separator: " ")
    }

    /// A heal of one to three files, applied in process; sometimes crashed at a journal point.
    private func heal(crashes: Bool = true) throws {
        let base = try store.snapshot(reason: "torture heal", allowReuse: true)
        var changes: [String: FileChange] = [:]
        for path in Self.pool.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)) {
            version += 1
            let bytes = Array("\(path) healed \(version)\n".utf8)
            known.insert(bytes)
            changes[path] = .write(bytes)
        }
        let healed = try store.commitHeal(base: base, changes: changes, trailers: [])
        let crashAt = crashes && rng.chance(0.15) ? ["after-journal", "after-refs"].randomElement(using: &rng) : nil
        SnapshotStore.faultInjection = { point in if point == crashAt { throw SimulatedCrash() } }
        defer { SnapshotStore.faultInjection = nil }
        do {
            try store.applyToWorkingTree(healed)
        } catch is SimulatedCrash {
            figures.simulatedCrashes += 1
            SnapshotStore.faultInjection = nil
            _ = try aura(["snapshots"])
        } catch let error as SnapshotStoreError {
            switch error {
            case .workingTreeChanged, .historyMoved, .concurrentWrite: break
            default: throw error
            }
        }
    }

    /// A new unique content at `path` (binary with NUL bytes for `.bin`).
    private func write(_ path: String) throws {
        version += 1
        var bytes = Array("\(path) v\(version)\n".utf8)
        if path.hasSuffix(".bin") { bytes = [0x89, 0x50, 0x4E, 0x47, 0] + bytes + [0, 0xFF] }
        known.insert(bytes)
        let url = URL(fileURLWithPath: repo.root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    @discardableResult
    private func aura(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try repo.run(gitAura, arguments)
        if ![0, 1, 75].contains(result.status) {
            failures.append("git aura \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    // MARK: - Checks

    private func disk() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for path in Self.pool {
            if let data = FileManager.default.contents(atPath: repo.root + "/" + path) { files[path] = [UInt8](data) }
        }
        return files
    }

    private func check(before: [String: [UInt8]], after operation: String) throws {
        figures.checks += 1
        let context = "op \(figures.operations) (\(operation))"
        let now = try disk()
        for (path, bytes) in now where !known.contains(bytes) {
            failures.append("\(context): \(path) holds bytes no one wrote (torn or mixed): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        // Git's own commands (commit, checkout) are not the tool; only tool operations are held
        // to "nothing displaced is lost".
        if !["edit", "delete", "commit", "checkout"].contains(operation) {
            let displaced = before.filter { now[$0.key] != $0.value }
            if !displaced.isEmpty {
                let reachable = try reachableObjects()
                for (path, bytes) in displaced where !reachable.contains(ObjectID.hashing(bytes).hex) {
                    figures.losses += 1
                    failures.append("\(context): the previous content of \(path) is in no commit reachable from an aura ref")
                }
            }
        }
        if FileManager.default.fileExists(atPath: OperationJournal.path(store.repository)) {
            failures.append("\(context): a journal is left after a command ran")
        }
        let problems = try HistoryConsistency.check(store)
        if !problems.isEmpty { failures.append("\(context): history inconsistent: \(problems.map(\.message))") }
        if figures.checks % fsckEvery == 0 {
            let fsck = try repo.run("/usr/bin/git", ["fsck", "--strict", "--no-progress", "--no-dangling"])
            if fsck.status != 0 || fsck.stderr.contains("error") { failures.append("\(context): git fsck: \(fsck.stdout)\(fsck.stderr)") }
        }
    }

    private func reachableObjects() throws -> Set<String> {
        let listing = try repo.git("rev-list", "--objects", "--glob=refs/aura/*", "--branches")
        return Set(listing.split(separator: "\n").map { String($0.prefix(40)) })
    }

    /// Undoes everything (forcing past the user's edits): undo must stay possible to the end.
    func undoAll() throws -> Int {
        var undone = 0
        while undone < 10_000 {
            let result = try repo.run(gitAura, ["undo", "--force"])
            if result.status != 0 {
                if !result.stderr.contains("nothing to undo") { failures.append("final undo failed: \(result.stderr)") }
                break
            }
            undone += 1
        }
        return undone
    }
}
