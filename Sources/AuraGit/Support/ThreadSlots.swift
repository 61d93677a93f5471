/// A fixed number of slots that concurrent threads fill, one slot each, read once they have
/// all finished: a buffer allocated up front, so no array copy-on-write check races between
/// the threads. (`@unchecked Sendable` for that discipline, which the callers keep.)
final class ThreadSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    subscript(slot: Int) -> Value? {
        get { slots[slot] }
        set { slots[slot] = newValue }
    }

    /// Every slot's value, in slot order (nil for a slot never filled).
    var values: [Value?] { Array(slots) }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}
