#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import AuraHistory
import Foundation

/// The safety-net half of `git aura doctor`: an operation left unfinished, temporary files of
/// killed processes in `.git/aura/tmp`, and ref lock files nobody seems to hold.
struct SafetyChecks {
    let store: SnapshotStore

    func findings() -> [DoctorFinding] {
        [journal(), scratch()] + locks()
    }

    /// `openStore` finishes an interrupted operation before doctor runs; one still here failed to.
    func journal() -> DoctorFinding {
        let path = store.repository.gitDirectory + "aura/journal"
        guard FileManager.default.fileExists(atPath: path) else {
            return .ok("journal", "no interrupted operation")
        }
        let intent = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").prefix(2).joined(separator: ", ") ?? "unreadable"
        return DoctorFinding(check: "journal", status: .fail,
                             message: "an interrupted operation could not be finished (\(intent)); its files are in commits on \(store.refs.heal)",
                             fix: "git aura snapshots   # retries it and prints why it fails")
    }

    /// Leftovers of killed processes (the content of each is also in a commit).
    func scratch() -> DoctorFinding {
        let directory = store.repository.gitDirectory + "aura/tmp/"
        let leftovers = store.repository.scratchLeftovers()
        guard !leftovers.isEmpty else { return .ok("tmp", "no leftover temporary files in \(directory)") }
        return DoctorFinding(check: "tmp", status: .warn,
                             message: "\(leftovers.count) temporary file(s) left in \(directory) by killed processes (their content is also in commits)",
                             fix: "rm -rf \(directory)*")
    }

    /// `refs/aura/**.lock` and `packed-refs.lock` older than a minute: a crashed writer's, or a
    /// live git's. AURA never removes them itself; the user can, once no git is running.
    func locks() -> [DoctorFinding] {
        let common = store.repository.commonDirectory
        var candidates = [common + "packed-refs.lock"]
        if let walker = FileManager.default.enumerator(atPath: common + "refs/aura") {
            for case let name as String in walker where name.hasSuffix(".lock") { candidates.append(common + "refs/aura/" + name) }
        }
        let cutoff = Date().timeIntervalSince1970 - 60
        let stale = candidates.filter { path in
            var info = stat()
            return lstat(path, &info) == 0 && Double(info.st_mtim.tv_sec) < cutoff
        }
        guard !stale.isEmpty else { return [.ok("locks", "no stale ref locks")] }
        return stale.map { path in
            DoctorFinding(check: "locks", status: .warn,
                          message: "\(path) is older than a minute: a crashed git or AURA left it, or a git command is still running (AURA waits and reports busy, it never removes it)",
                          fix: "rm \(path)   # only when no git process is running")
        }
    }
}
