#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import Foundation

/// Who runs `git aura watch` on a worktree: what the lock file records.
public struct WatcherInfo: Sendable, Equatable {
    public var pid: Int32
    /// Seconds since 1970.
    public var since: Double
    public var worktree: String

    var text: String { "pid \(pid)\nsince \(since)\nworktree \(worktree)\n" }

    init(pid: Int32, since: Double, worktree: String) {
        self.pid = pid
        self.since = since
        self.worktree = worktree
    }

    init?(text: String) {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            fields[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let pid = fields["pid"].flatMap({ Int32($0) }), pid > 0 else { return nil }
        self.init(pid: pid, since: fields["since"].flatMap { Double($0) } ?? 0, worktree: fields["worktree"] ?? "")
    }

    /// Whether the process still exists (a pid we may not signal still exists).
    public var isAlive: Bool { kill(pid, 0) == 0 || errno == EPERM }
}

/// Another watcher holds the worktree.
public struct WatchLockHeld: Error, CustomStringConvertible {
    public let holder: WatcherInfo
    public let path: String

    public var description: String {
        "another `git aura watch` (pid \(holder.pid)) is already watching \(holder.worktree) since \(WatchLock.time(holder.since)); "
            + "stop it first (kill \(holder.pid)); lock file \(path)"
    }
}

/// The watcher could not start (its lock or inotify could not be set up).
public struct WatchSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One watcher per worktree: `<git dir>/aura/watch.lock` (the worktree's own git directory,
/// so linked worktrees each have one) holds the watcher's pid, start time and worktree. It is
/// created exclusively; a lock left by a process that no longer exists is taken over.
public final class WatchLock {
    public let path: String
    public let info: WatcherInfo

    public static func path(for repository: Repository) -> String { repository.gitDirectory + "aura/watch.lock" }

    /// Takes the lock for this process, or throws `WatchLockHeld` naming the live holder.
    public init(repository: Repository, now: Double = Date().timeIntervalSince1970) throws {
        path = Self.path(for: repository)
        info = WatcherInfo(pid: getpid(), since: now, worktree: String(repository.workingDirectory.dropLast()))
        try FileManager.default.createDirectory(atPath: repository.gitDirectory + "aura", withIntermediateDirectories: true)
        for _ in 0..<2 {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                let text = info.text
                _ = text.withCString { write(descriptor, $0, strlen($0)) }
                fsync(descriptor)
                close(descriptor)
                return
            }
            guard errno == EEXIST else { throw WatchSetupError("cannot create \(path): \(String(cString: strerror(errno)))") }
            if let holder = Self.read(path), holder.isAlive { throw WatchLockHeld(holder: holder, path: path) }
            // Stale (its process is gone) or unreadable (a crash while writing it): take it over.
            unlink(path)
        }
        if let holder = Self.read(path) { throw WatchLockHeld(holder: holder, path: path) }
        throw WatchSetupError("cannot take over \(path): another watcher replaced it while it was taken over")
    }

    /// Removes the lock file if it is still this process's.
    public func release() {
        if Self.read(path)?.pid == info.pid { unlink(path) }
    }

    /// The live watcher of `repository`'s worktree, nil when none runs (a stale lock is ignored).
    public static func current(_ repository: Repository) -> WatcherInfo? {
        read(path(for: repository)).flatMap { $0.isAlive ? $0 : nil }
    }

    static func read(_ path: String) -> WatcherInfo? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return WatcherInfo(text: text)
    }

    /// `2026-05-01 11:42:07 UTC`.
    public static func time(_ seconds: Double) -> String { UTCTime.text(seconds, withSeconds: true) }
}
