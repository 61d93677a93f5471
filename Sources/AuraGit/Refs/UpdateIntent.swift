#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// FoundationEssentials, not Foundation: the full module loads ICU, ~5 ms of startup per command.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The note an AURA process leaves while it updates one ref: `<common dir>/aura/intent/<ref>`
/// holding its pid and the time. It is how a later process tells a lock file left by a killed
/// AURA writer (safe to remove: AURA made it) from one a live git holds (never touched).
struct UpdateIntent {
    let repository: Repository
    let reference: String
    /// A lock made this long after the intent still counts as the intent's (libgit2 creates
    /// it within milliseconds; seconds leave room for a loaded machine).
    static let window: Double = 5

    private var path: String {
        repository.commonDirectory + "aura/intent/" + String(reference.map { $0 == "/" ? "%" : $0 })
    }

    func record() throws {
        let directory = repository.commonDirectory + "aura/intent"
        if access(directory, F_OK) != 0 {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let text = "\(getpid()) \(now.tv_sec).\(String(now.tv_nsec / 1_000_000).leftPadded(3))\n"
        let temporary = path + ".\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)), rename(temporary, path) == 0 else {
            unlink(temporary)
            return   // best effort: without an intent, a leftover lock is just reported as busy
        }
    }

    func clear() {
        unlink(path)
    }

    /// The intent an earlier process left for this ref (pid, time), read before recording ours.
    func previous() -> (pid: Int32, time: Double)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let pid = Int32(fields[0]), let time = Double(fields[1]), pid != getpid() else { return nil }
        return (pid, time)
    }

    /// Removes this ref's lock files when they were left by the dead AURA process whose intent
    /// was `earlier` (see the type); true if one was removed.
    func removeLeftoverLocks(of earlier: (pid: Int32, time: Double)?) -> Bool {
        guard let (pid, time) = earlier, kill(pid, 0) != 0, errno == ESRCH else { return false }
        var removed = false
        for lock in [repository.commonDirectory + reference + ".lock", repository.commonDirectory + "packed-refs.lock"] {
            var info = stat()
            guard lstat(lock, &info) == 0 else { continue }
            let made = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            if made >= time - 1, made <= time + Self.window, unlink(lock) == 0 { removed = true }
        }
        return removed
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
