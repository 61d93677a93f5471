#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only log file rotated by size: `log.jsonl` → `log.1.jsonl` → `log.2.jsonl`, the
/// oldest dropped. Each line is one `write(2)` with `O_APPEND` on a fresh descriptor, so lines
/// of concurrent processes never interleave and a rotation by another process is picked up.
public struct LogFile: Sendable {
    public let path: String
    /// Size after which the file is rotated before the next line.
    public let maxBytes: Int
    /// Files kept in all, the current one included.
    public let keep: Int

    public init(path: String, maxBytes: Int = 5 << 20, keep: Int = 3) {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = max(keep, 1)
    }

    /// `log.jsonl` for index 0, `log.<index>.jsonl` after.
    public func rotatedPath(_ index: Int) -> String {
        guard index > 0 else { return path }
        if let dot = path.lastIndex(of: "."), !path[dot...].contains("/") {
            return String(path[..<dot]) + ".\(index)" + String(path[dot...])
        }
        return path + ".\(index)"
    }

    /// Appends `line` (a newline is added), rotating first when the file is full. Failures are
    /// swallowed: logging must never make a command fail.
    public func append(_ line: String) {
        var stats = stat()
        if stat(path, &stats) == 0, Int(stats.st_size) + line.utf8.count >= maxBytes { rotate() }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    func rotate() {
        unlink(rotatedPath(keep - 1))
        for index in stride(from: keep - 2, through: 0, by: -1) {
            rename(rotatedPath(index), rotatedPath(index + 1))
        }
    }
}
