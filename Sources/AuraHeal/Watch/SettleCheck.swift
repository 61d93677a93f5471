#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a file the user may still be writing has settled: its size and modification time
/// are what they were at the last look, and the modification time is at least the debounce
/// window old. A file that changed within the window is not read yet, however quiet inotify is
/// (a writer on another machine of a network filesystem sends no events).
public struct SettleCheck: Sendable {
    /// Size and modification time (seconds since 1970); nil for a file that does not exist.
    public struct Stamp: Sendable, Equatable {
        public var size: Int64
        public var modified: Double
    }

    public let window: Double
    private var seen: [String: Stamp?] = [:]

    public init(window: Double) { self.window = window }

    public static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(size: Int64(info.st_size), modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Looks at `path` (absolute) at `now`: true when it is settled (or gone: nothing to read).
    /// A changed stamp is remembered, so the file is settled at a later look if it stays so.
    public mutating func isSettled(_ path: String, at now: Double) -> Bool {
        let current = Self.stamp(path)
        defer { seen[path] = .some(current) }
        guard let current else { return true }
        guard let previous = seen[path], previous == current else { return false }
        return now - current.modified >= window
    }

    /// Forgets `path` (healed, or no longer pending).
    public mutating func forget(_ path: String) { seen[path] = nil }
}
