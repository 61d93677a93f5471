#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Accounting of allocations against `Limits.maxMemoryBytes` (R0011).
///
/// The VM reads the process's resident size every million instructions, but a program that
/// doubles a list (`xs = xs + xs`) reaches gigabytes in thirty instructions and the allocator
/// aborts the process long before the next check. So every growth path — concatenation,
/// interpolation, and the builtins that build lists and strings — charges the bytes it is
/// about to allocate *before* allocating them. Charges are cheap counter updates; the
/// resident size is read only when the bytes charged since the last reading could exceed
/// the headroom that reading left, or every `checkInterval` bytes.
public final class MemoryBudget {
    /// The limit in bytes.
    public let limit: Int
    /// Bytes charged since the resident size was last read.
    private var pending = 0
    /// `limit` minus the resident size (and the allocation being charged) at the last reading.
    private var headroom: Int
    /// Read the resident size at least this often (in bytes charged), so frees are noticed.
    static let checkInterval = 8 << 20

    public init(limit: Int) {
        self.limit = limit
        headroom = 0
    }

    /// The in-memory size of `count` list elements.
    @inline(__always) static func listBytes(_ count: Int) -> Int { count &* MemoryLayout<Value>.stride }

    /// Charges an allocation of `bytes` that is about to happen; R0011 when it would not fit.
    @inline(__always) public func charge(_ bytes: Int) throws {
        pending &+= bytes
        if pending >= headroom || pending >= MemoryBudget.checkInterval { try measure(adding: bytes) }
    }

    /// Reads the resident size and fails when `bytes` more would exceed the limit.
    func measure(adding bytes: Int) throws {
        let resident = MemoryBudget.residentBytes() ?? 0
        pending = 0
        let (total, overflow) = resident.addingReportingOverflow(bytes)
        if overflow || total > limit {
            throw RuntimeError(.memoryLimit, bytes > 1 << 20
                ? "memory limit exceeded: allocating \(bytes >> 20) MiB more with \(resident >> 20) MiB in use would pass the limit of \(limit >> 20) MiB"
                : "memory limit exceeded: \(resident >> 20) MiB in use, limit \(limit >> 20) MiB",
                help: ["a value that doubles in a loop grows past any limit; bound the loop", "raise the limit with --max-memory"])
        }
        headroom = limit - total
    }

    /// Resident set size from /proc (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = read(fd, &buffer, 127)
        guard n > 0 else { return nil }
        let fields = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

extension BuiltinContext {
    /// Charges an allocation a builtin is about to make (no-op without a budget).
    @inline(__always) public func chargeMemory(_ bytes: Int) throws {
        try memory?.charge(bytes)
    }

    /// Charges a list of `count` elements.
    @inline(__always) public func chargeList(_ count: Int) throws {
        try memory?.charge(MemoryBudget.listBytes(count))
    }
}
