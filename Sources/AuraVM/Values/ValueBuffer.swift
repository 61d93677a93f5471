#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The values of a map: one `malloc`'d buffer that grows with `realloc`.
///
/// Why not `[Value]`: a Swift array grows by allocating a new buffer and moving its elements
/// into it, so filling a 1M-entry map wrote every page twice over (a 24 MB buffer, 48 MB
/// touched in all), and page faults were a third of `bench/maps.aura` (28 of 82 ms, system
/// time). glibc's `realloc` of a large block, which lives in its own mapping, moves the mapping
/// (`mremap`): nothing is copied and only the new tail is faulted in. Large buffers also ask
/// for transparent huge pages, which this kernel gives only to memory that asks (`madvise`
/// mode): one fault per 2 MB instead of per 4 KB.
///
/// `Value` holds strong references and plain data only (no weak references), so it is bitwise
/// movable and `realloc` may move it.
struct ValueBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<Value>?
    private(set) var count = 0
    private var capacity = 0

    /// Buffers from this size on ask for huge pages (a huge page is 2 MB; a smaller buffer
    /// would round its memory up for little gain).
    private static let hugePageThreshold = 4 << 20

    init() {}

    /// A buffer holding a copy of `other`'s values, with no spare capacity.
    init(copying other: borrowing ValueBuffer) {
        guard other.count > 0, let source = other.base else { return }
        reserve(other.count)
        base.unsafelyUnwrapped.initialize(from: source, count: other.count)
        count = other.count
    }

    deinit {
        base?.deinitialize(count: count)
        free(base)
    }

    subscript(index: Int) -> Value {
        get {
            precondition(index >= 0 && index < count, "map value index out of range")
            return base.unsafelyUnwrapped[index]
        }
        set {
            precondition(index >= 0 && index < count, "map value index out of range")
            base.unsafelyUnwrapped[index] = newValue
        }
    }

    /// The values as a Swift array (a copy: the buffer is not shared with it).
    var array: [Value] {
        guard let base else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    mutating func append(_ value: consuming Value) {
        if count == capacity { reserve(Swift.max(8, capacity * 2)) }
        (base.unsafelyUnwrapped + count).initialize(to: value)
        count += 1
    }

    mutating func removeLast() {
        precondition(count > 0, "removeLast of an empty map")
        count -= 1
        (base.unsafelyUnwrapped + count).deinitialize(count: 1)
    }

    mutating func remove(at index: Int) {
        precondition(index >= 0 && index < count, "map value index out of range")
        let slot = base.unsafelyUnwrapped + index
        slot.deinitialize(count: 1)
        // The ranges overlap; `moveInitialize` allows that.
        slot.moveInitialize(from: slot + 1, count: count - index - 1)
        count -= 1
    }

    /// Grows the buffer to hold `newCapacity` values.
    private mutating func reserve(_ newCapacity: Int) {
        let (bytes, overflow) = newCapacity.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        guard !overflow, let grown = realloc(base, bytes) else { fatalError("out of memory for a map of \(newCapacity) values") }
        base = grown.bindMemory(to: Value.self, capacity: newCapacity)
        capacity = newCapacity
        if bytes >= Self.hugePageThreshold { Self.adviseHugePages(grown, bytes: bytes) }
    }

    /// Marks the whole pages inside the buffer for huge pages. A hint: the kernel may ignore it.
    private static func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let first = (Int(bitPattern: start) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: start) + bytes) & ~(page - 1)
        guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, end - first, MADV_HUGEPAGE)
        #endif
    }
}
