import AuraGit
import AuraTestSupport
@testable import AuraHistory
import Foundation

/// Rounds of "a heal writes a file while the user appends to it", each checked for loss: every
/// line the user appended must be on disk or in a version of the file reachable from an aura ref.
enum ConcurrentEditRounds {
    struct Report {
        var rounds = 0
        var applied = 0
        var conflicts = 0
        /// Lines found nowhere ("round/line").
        var lost: [String] = []
    }

    /// The lines one appender wrote (shared between the test and its thread).
    private final class Appender: @unchecked Sendable {
        let path: String
        let prefix: String
        let delay: UInt32
        let count: Int
        private(set) var lines: [String] = []
        let done = DispatchSemaphore(value: 0)

        init(path: String, prefix: String, delay: UInt32, count: Int) {
            self.path = path
            self.prefix = prefix
            self.delay = delay
            self.count = count
        }

        func run() {
            usleep(delay)
            for index in 0..<count {
                let line = "\(prefix)-\(index)\n"
                let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
                if descriptor >= 0 {
                    _ = line.withCString { write(descriptor, $0, strlen($0)) }
                    close(descriptor)
                    lines.append(line)
                }
                usleep(UInt32(index % 3) * 40)
            }
            done.signal()
        }
    }

    /// Runs `rounds` rounds on files `f0.txt` ... `f19.txt` of `repo` (which must exist).
    static func run(repo: TempRepository, store: SnapshotStore, rounds: Int, seed: UInt64) throws -> Report {
        var rng = SeededGenerator(seed: seed)
        var report = Report()
        for round in 0..<rounds {
            let path = "f\(round % 20).txt"
            let base = try store.snapshot(reason: "round \(round)", allowReuse: true)
            let healed = try store.commitHeal(base: base, changes: [path: .write(Array("healed \(round)\n".utf8))], trailers: [])
            let appender = Appender(path: repo.root + "/" + path, prefix: "r\(round)",
                                    delay: UInt32.random(in: 0...12_000, using: &rng), count: 30)
            let thread = Thread { appender.run() }
            thread.start()
            do {
                try store.applyToWorkingTree(healed)
                report.applied += 1
            } catch {
                // A refusal or a reported conflict (the user's bytes kept); anything else is a bug.
                let text = "\(error)"
                guard text.contains("changed since") || text.contains("conflict") else { throw error }
                report.conflicts += 1
            }
            appender.done.wait()
            report.rounds += 1
            let disk = repo.read(path) ?? ""
            let missing = appender.lines.filter { !disk.contains($0) }
            if missing.isEmpty { continue }
            // The oracle is git itself: the line must be in a version of the file in a commit
            // reachable from some ref (aura refs included).
            let commits = try repo.git("rev-list", "--all").split(separator: "\n").map(String.init)
            for line in missing {
                let needle = line.trimmingCharacters(in: .newlines)
                let found = try repo.run("/usr/bin/git", ["grep", "-q", "-F", needle] + commits + ["--", path])
                if found.status != 0 { report.lost.append(needle) }
            }
        }
        return report
    }
}
