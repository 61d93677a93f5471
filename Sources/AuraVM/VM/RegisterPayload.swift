/// In-place views of a register's collection payload, for the dispatch loop's hot reads.
///
/// `guard case let .map(map) = regs[b]` copies the payload out of the register: a retain of the
/// map's storage (or the list's buffer, or the record) and a release when the copy dies, on
/// every `m[k]`, `xs[i]`, `for x in xs` step and field read. Those two atomic operations were a
/// third of a map-lookup loop's time (`perf`, 300k lookups × 10). Reading through the register
/// instead borrows the payload where it lies.
///
/// `Value` is a multi-payload enum whose `Int64` and `Double` cases have no spare bits, so the
/// case tag is an extra byte after the payload and every payload starts at offset 0 unchanged.
/// `RegisterPayloadTests` checks that layout; each view is taken only after the register's
/// kind was checked.
extension UnsafeMutablePointer where Pointee == Value {
    /// The register's map, in place. The register must hold a `.map`.
    @inline(__always)
    var mapPayload: UnsafeMutablePointer<MapValue> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: MapValue.self)
    }

    /// The register's list, in place. The register must hold a `.list`.
    @inline(__always)
    var listPayload: UnsafeMutablePointer<[Value]> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: [Value].self)
    }

    /// The register's string, in place. The register must hold a `.string`.
    @inline(__always)
    var stringPayload: UnsafeMutablePointer<String> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: String.self)
    }

    /// The register's record, unretained. The register must hold a `.record`, and the record
    /// must stay in it while the reference is used.
    @inline(__always)
    var recordPayload: Unmanaged<RecordValue> {
        UnsafeRawPointer(self).load(as: Unmanaged<RecordValue>.self)
    }

    /// The register's record, made uniquely referenced (copied when another value shares it),
    /// for an update in place. The register must hold a `.record`.
    @inline(__always)
    func uniqueRecord() -> RecordValue {
        let record = UnsafeMutableRawPointer(self).assumingMemoryBound(to: RecordValue.self)
        if !isKnownUniquelyReferenced(&record.pointee) {
            record.pointee = RecordValue(layout: record.pointee.layout, fields: record.pointee.fields)
        }
        return record.pointee
    }

    /// Whether the register holds a reference counted value (the old value then has to be
    /// released when the register is overwritten).
    @inline(__always)
    var holdsReference: Bool {
        switch pointee {
        case .unit, .none, .bool, .int, .float, .builtin: return false
        default: return true
        }
    }

    /// `pointee = value`, without the call to `Value`'s outlined destroy when the old value
    /// holds no reference (integer code overwrites integers: 7% of `fib` was that call).
    @inline(__always)
    func assign(_ value: consuming Value) {
        if holdsReference { pointee = value } else { initialize(to: value) }
    }
}
