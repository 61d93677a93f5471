import Dispatch
import Synchronization

/// Messages from the reader thread to the server loop, and the ids of requests the client
/// cancelled: the reader notes a `$/cancelRequest` as soon as it arrives, so a request still
/// waiting behind a slow one is answered as cancelled instead of computed.
final class MessageQueue: Sendable {
    private let pending = Mutex<[IncomingMessage]>([])
    private let cancelled = Mutex<Set<String>>([])
    private let available = DispatchSemaphore(value: 0)

    func push(_ message: IncomingMessage) {
        pending.withLock { $0.append(message) }
        available.signal()
    }

    /// The next message, waiting at most until `deadline` (nil: forever). Nil when it passed.
    func pop(until deadline: DispatchTime?) -> IncomingMessage? {
        if let deadline {
            guard available.wait(timeout: deadline) == .success else { return nil }
        } else {
            available.wait()
        }
        return pending.withLock { $0.removeFirst() }
    }

    func cancel(_ id: String) { _ = cancelled.withLock { $0.insert(id) } }

    /// Whether the request was cancelled (and forgets it: ids may be reused after an answer).
    func takeCancellation(_ id: String) -> Bool { cancelled.withLock { $0.remove(id) != nil } }
}
