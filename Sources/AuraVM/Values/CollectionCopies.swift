import Synchronization

/// How many times an updating builtin (`set`, `push`, `remove`, `concat`) had to copy a list or
/// map because another value still referred to it: the number tests use to prove that an idiom
/// updates in place (a copy per update makes a loop quadratic), never a timing.
public enum CollectionCopies {
    static let count = Atomic<Int>(0)
    public static var value: Int { count.load(ordering: .relaxed) }

    /// Makes `items` uniquely referenced before it is mutated, counting a copy when it was
    /// shared. Swift copies a shared array's buffer on the first mutable access, so the buffer
    /// address before and after that access tells whether it copied (an empty array has no
    /// buffer to copy).
    @inline(__always)
    static func makeUnique(_ items: inout [Value]) {
        guard !items.isEmpty else { return }
        let shared = items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        let owned = items.withUnsafeMutableBufferPointer { UnsafeRawPointer($0.baseAddress) }
        if shared != owned { count.add(1, ordering: .relaxed) }
    }

    @inline(__always)
    static func makeUnique(_ map: inout MapValue) {
        if map.makeUnique() { count.add(1, ordering: .relaxed) }
    }
}
