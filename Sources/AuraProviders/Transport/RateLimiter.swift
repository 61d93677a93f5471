import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps model requests under `requestsPerMinute` across every process working on a repository
/// (pre-commit hooks, editors, a terminal): the state is a timestamps file guarded by `flock` on
/// a lock file, both under the repository's `.git/aura/`.
///
/// Requests are spread evenly: one may start when fewer than `requestsPerMinute` started in the
/// last minute and at least `60 / requestsPerMinute` seconds have passed since the previous one.
/// Spreading (rather than allowing a burst of the whole budget) keeps two processes from both
/// bursting and then both waiting a minute.
public final class RateLimiter: Sendable {
    public let lockPath: String
    public let timesPath: String
    public let requestsPerMinute: Int
    /// The length of the window; 60 s outside tests.
    public let window: Double

    public init(directory: String, name: String, requestsPerMinute: Int, window: Double = 60) {
        lockPath = directory + "/ratelimit-\(name).lock"
        timesPath = directory + "/ratelimit-\(name).times"
        self.requestsPerMinute = max(1, requestsPerMinute)
        self.window = window
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Waits until a request may start, and records it.
    public func acquire(sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) async throws {
        while true {
            try Task.checkCancellation()
            let wait = try reserve(now: Date().timeIntervalSince1970)
            if wait <= 0 { return }
            try await sleep(wait)
        }
    }

    /// Records a request at `now` and returns 0, or returns how long to wait (recording nothing).
    public func reserve(now: Double) throws -> Double {
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LimiterError(path: lockPath, errno: errno) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw LimiterError(path: lockPath, errno: errno) }
        defer { flock(descriptor, LOCK_UN) }
        let text = (try? String(contentsOfFile: timesPath, encoding: .utf8)) ?? ""
        // Times far in the future come from a clock that jumped back: forget them.
        let recent = text.split(separator: "\n").compactMap { Double($0) }.filter { $0 > now - window && $0 < now + window }.sorted()
        let spacing = window / Double(requestsPerMinute)
        var wait = 0.0
        if let last = recent.last { wait = max(wait, last + spacing - now) }
        if recent.count >= requestsPerMinute { wait = max(wait, recent[recent.count - requestsPerMinute] + window - now) }
        if wait > 0 { return wait }
        let lines = (recent + [now]).suffix(requestsPerMinute).map { String(format: "%.6f", $0) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: timesPath, atomically: true, encoding: .utf8)
        return 0
    }

    /// The lock or timestamps file could not be used.
    public struct LimiterError: Error, CustomStringConvertible {
        public let path: String
        public let errno: Int32
        public var description: String { "rate limiter: cannot use \(path): \(String(cString: strerror(errno)))" }
    }
}
