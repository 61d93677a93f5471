#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Work on a thread of its own, started with `pthread_create`.
///
/// For the index read-ahead (`ScanIndexPrefetch`), which starts at process entry and which the
/// working-tree scan waits for: as libdispatch's first work item it began ~1 ms after it was
/// asked for (the global queue's first worker thread being set up), on its own thread ~0.35 ms
/// sooner (uprobes on the release build, 20 runs each).
enum DetachedThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Runs `body` on a new detached thread, or on the global queue when the system refuses
    /// a thread.
    static func run(_ body: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        let status = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
        if status != 0 {
            Unmanaged<Work>.fromOpaque(context).release()
            DispatchQueue.global().async(execute: body)
        }
    }
}
