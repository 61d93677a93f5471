import AuraJSON
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes LSP messages (`Content-Length` framing) to a file descriptor. One message at a time:
/// responses and notifications from different threads never interleave.
final class MessageWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    init(descriptor: Int32) { self.descriptor = descriptor }

    func send(_ message: JSON) {
        let body = Array(message.serialized.utf8)
        let frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        lock.withLock { _ in
            var offset = 0
            while offset < frame.count {
                let written = frame[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                // The client is gone: nothing more can be said to it.
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
