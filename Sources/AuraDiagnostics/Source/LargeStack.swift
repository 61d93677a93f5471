#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large stack. The parser bounds nesting, but a bounded tree can
/// still be a thousand levels deep, and debug builds use big frames; 512 MiB of address space
/// (committed only as touched) makes stack overflow impossible at the limits AURA enforces.
public enum LargeStack {
    public static let size = 512 << 20

    public static func run<T>(_ work: @escaping () -> T) -> T {
        // Already on a big stack (a phase inside another, each test of a run): no new thread.
        // Every thread of this size costs a 512 MiB map and, when it exits, a `madvise` of it
        // that stops the other cores to flush their TLBs (5 ms of a 60 ms `aura run`).
        if isOnLargeStack() { return work() }
        var result: T?
        guard let thread = start({ result = work() }) else { return work() }
        join(thread)
        return result!
    }

    /// Runs `jobs` at the same time, each on a big stack: the first on the calling thread when
    /// it has one, the others on new threads; returns when all have finished. A thread that
    /// cannot be created runs its job on the calling thread afterwards.
    public static func concurrently(_ jobs: [() -> Void]) {
        guard !jobs.isEmpty else { return }
        let spawned = jobs.dropFirst().map { job in (thread: start(job), job: job) }
        if isOnLargeStack() { jobs[0]() } else { run(jobs[0]) }
        for (thread, job) in spawned {
            if let thread { join(thread) } else { run(job) }
        }
    }

    /// A big-stack thread started by `spawn`, to be joined once.
    public struct Thread: @unchecked Sendable {
        fileprivate let handle: pthread_t
        /// Waits for the thread's work to finish.
        public func join() { LargeStack.join(handle) }
    }

    /// Starts `work` on a new big-stack thread and returns at once; nil when the system
    /// refuses a thread (the caller then does the work itself).
    public static func spawn(_ work: @escaping () -> Void) -> Thread? {
        start(work).map(Thread.init(handle:))
    }

    /// How many threads `concurrently` is worth giving work: the cores online.
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// A new big-stack thread running `work`, or nil when the system refuses one.
    private static func start(_ work: @escaping () -> Void) -> pthread_t? {
        let box = StackWork()
        box.work = work
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let context = Unmanaged.passRetained(box).toOpaque()
        let status = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<StackWork>.fromOpaque(raw!).takeRetainedValue()
            pthread_setspecific(LargeStack.marker, UnsafeRawPointer(bitPattern: 1))
            box.work?()
            return nil
        }, context)
        if status != 0 {
            Unmanaged<StackWork>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Glibc)
        return thread
        #else
        return thread!
        #endif
    }

    private static func join(_ thread: pthread_t) { pthread_join(thread, nil) }
}

extension LargeStack {
    /// Marks the threads `run` creates (a thread-specific value, set on the new thread).
    nonisolated(unsafe) static let marker: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the calling thread is one that `run` created.
    static func isOnLargeStack() -> Bool { pthread_getspecific(marker) != nil }
}

/// The closure handed to the big-stack thread (joined before `run` returns).
private final class StackWork: @unchecked Sendable {
    var work: (() -> Void)?
}

/// Monotonic time in seconds.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
