/// Buffers a program's output for a command line: one write per 64 KiB instead of one per
/// `print!`. `flush()` before anything goes to standard error keeps a transcript in order.
public final class BufferedOutput: @unchecked Sendable {
    private var pending = ""
    private let write: (String) -> Void

    /// `write` receives each flushed chunk (standard output, for `aura run` and `git aura run`).
    public init(write: @escaping (String) -> Void) { self.write = write }

    public func append(_ text: String) {
        pending += text
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !pending.isEmpty else { return }
        write(pending)
        pending = ""
    }
}
