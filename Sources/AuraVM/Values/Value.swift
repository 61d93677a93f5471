/// A runtime value. Lists and strings are Swift values (copy-on-write), so AURA's value
/// semantics come for free; the VM moves values out of registers before appending so a
/// uniquely referenced buffer grows in place.
public enum Value: Sendable {
    case unit
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([Value])
    /// Maps keep insertion order (display, iteration and JSON follow it).
    case map(MapValue)
    case record(RecordValue)
    case closure(Closure)
    /// A builtin used as a value (`each(xs, print!)`): index into the builtin table.
    case builtin(Int32)
    /// Capability handles such as database connections.
    case object(NativeObject)
}

/// An insertion-ordered map with value semantics (copy on write of its storage).
///
/// The index is an open-addressing table of entry positions with a cheap hash for the key
/// kinds maps use (`i`, `s`, `b`): Swift's `Dictionary<Value, Int>` spent most of its time
/// seeding SipHash and in a generic `==`. Keys, values and index live in one storage object,
/// so copying a map value (into a register, an argument, a list) is one retain, not three.
public struct MapValue: Sendable {
    private var storage: MapStorage

    public init() { storage = MapStorage.empty }

    public init(_ pairs: [(Value, Value)]) {
        storage = MapStorage.empty
        for (key, value) in pairs { self[key] = value }
    }

    public var keys: [Value] { storage.keys }
    public var values: [Value] { storage.values.array }
    public var count: Int { storage.count }

    public subscript(key: Value) -> Value? {
        get { storage.position(of: key).map { storage.values[$0] } }
        set {
            if let position = storage.position(of: key) {
                if let newValue {
                    ensureUniqueStorage()
                    storage.values[position] = newValue
                } else {
                    remove(key)
                }
            } else if let newValue {
                ensureUniqueStorage()
                storage.append(key, newValue)
            }
        }
    }

    /// `self[key]` with the key read where it lies (a register): an integer key of a dense map
    /// is its own position, so the lookup copies neither the key nor hashes it.
    @inline(__always)
    func value(at key: UnsafePointer<Value>) -> Value? {
        if storage.denseIntegers, case let .int(k) = key.pointee {
            return k >= 0 && k < Int64(storage.values.count) ? storage.values[Int(k)] : nil
        }
        return self[key.pointee]
    }

    /// `self[key] = value` with the key read where it lies: an integer key of a dense map is a
    /// store or an append to the values (the filling loop `m = set(m, i, ...)` then does no
    /// hashing and no key copy).
    @inline(__always)
    mutating func store(_ value: consuming Value, at key: UnsafePointer<Value>) {
        if storage.denseIntegers, case let .int(k) = key.pointee, k >= 0, k <= Int64(storage.values.count) {
            ensureUniqueStorage()
            if k == Int64(storage.values.count) { storage.values.append(value) } else { storage.values[Int(k)] = value }
            return
        }
        self[key.pointee] = value
    }

    public mutating func remove(_ key: Value) {
        guard let position = storage.position(of: key) else { return }
        ensureUniqueStorage()
        storage.remove(at: position)
    }

    public func contains(_ key: Value) -> Bool { storage.position(of: key) != nil }

    /// Makes the entry storage uniquely referenced before an update; true when that copied it
    /// (see `CollectionCopies`): another map value shared the storage, or a list returned by
    /// `keys` still shares its array (Swift copies it on the first mutable access).
    mutating func makeUnique() -> Bool {
        guard storage.count != 0 else { return false }
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
            return true
        }
        return storage.makeArraysUnique()
    }

    @inline(__always)
    private mutating func ensureUniqueStorage() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// The entries in insertion order, read where they lie (no array of keys or values built).
    public var pairs: MapPairs { MapPairs(storage: storage) }

    /// Whether the keys are the implied `0..<count` (for tests of the compact form).
    var storageIsDense: Bool { storage.denseIntegers }

    /// Storage identity (for tests of in-place updates).
    var storageIdentity: ObjectIdentifier { ObjectIdentifier(storage) }

    /// Integers hash to themselves, as in CPython: consecutive keys land in consecutive slots,
    /// so a loop over `0..n` touches the index and the key array in order instead of at random
    /// (a multiplicative hash made 1M int-key inserts and lookups cache-miss bound, 1.4× CPython).
    /// The probe sequence (`nextSlot`) mixes in the high bits, so keys that share their low bits
    /// (multiples of 1024) do not pile up in one run of slots.
    @inline(__always)
    static func hash(_ key: Value) -> UInt64 {
        switch key {
        case let .int(i):
            return UInt64(bitPattern: i)
        case let .string(s):
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
            return h
        case let .bool(b): return b ? 1 : 2
        default: return UInt64(bitPattern: Int64(key.hashValue))
        }
    }

    /// CPython's open-addressing recurrence: visits every slot of a power-of-two table once the
    /// perturbation has shifted down to zero.
    @inline(__always)
    static func nextSlot(_ slot: Int, _ perturb: inout UInt64, _ mask: Int) -> Int {
        perturb >>= 5
        return (slot &* 5 &+ 1 &+ Int(truncatingIfNeeded: perturb)) & mask
    }

    @inline(__always)
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        default: return a == b
        }
    }
}

/// The entries of a map in insertion order. Holds the map's storage, so updating the map while
/// this iterates copies the storage instead of changing what is iterated.
public struct MapPairs: Sequence, IteratorProtocol {
    fileprivate let storage: MapStorage
    private var position = 0

    fileprivate init(storage: MapStorage) { self.storage = storage }

    public mutating func next() -> (Value, Value)? {
        guard position < storage.count else { return nil }
        defer { position += 1 }
        return (storage.key(at: position), storage.values[position])
    }
}

/// Keys, values and the slot index of a map. Mutated only through a uniquely referenced
/// `MapValue` (copy on write), hence `@unchecked Sendable`.
final class MapStorage: @unchecked Sendable {
    /// The storage of every new empty map (the first insert copies it).
    static let empty = MapStorage()

    /// The keys, in insertion order; empty while `denseIntegers` (the keys are then implied).
    @exclusivity(unchecked) var storedKeys: [Value] = []
    /// The values, in insertion order (see `ValueBuffer` for why not an array).
    @exclusivity(unchecked) var values = ValueBuffer()
    /// Entry position + 1 per slot (0 = empty); empty until the map has 8 entries, and while
    /// the keys are dense.
    @exclusivity(unchecked) var slots: [Int32] = []
    /// True while the keys are exactly `0, 1, 2, …` in insertion order (Lua's "array part"): a
    /// key is then its own position, so lookups need no hash, and neither the keys nor an index
    /// are stored. Filling a map by counting up is common (ids, indices); for 1M such keys the
    /// keys and the index were more than half the map's memory.
    @exclusivity(unchecked) var denseIntegers = true

    init() {}

    private init(storedKeys: [Value], values: consuming ValueBuffer, slots: [Int32], denseIntegers: Bool) {
        self.storedKeys = storedKeys
        self.values = values
        self.slots = slots
        self.denseIntegers = denseIntegers
    }

    var count: Int { values.count }

    /// The key at an entry position (a dense map's keys are their positions).
    func key(at position: Int) -> Value { denseIntegers ? .int(Int64(position)) : storedKeys[position] }

    /// The keys in insertion order (built for a dense map).
    var keys: [Value] { denseIntegers ? (0..<values.count).map { .int(Int64($0)) } : storedKeys }

    /// A storage with the same entries; its arrays copy on their first mutation, its values now.
    func copy() -> MapStorage {
        MapStorage(storedKeys: storedKeys, values: ValueBuffer(copying: values), slots: slots, denseIntegers: denseIntegers)
    }

    /// True when an array was shared (and so copied here); the values are never shared. Empty
    /// arrays are left alone: a mutable access to Swift's shared empty array allocates a buffer,
    /// and a dense map's `storedKeys` is always empty (that allocation was 9% of 1M inserts).
    func makeArraysUnique() -> Bool {
        var copied = false
        if !storedKeys.isEmpty {
            let shared = storedKeys.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            let owned = storedKeys.withUnsafeMutableBufferPointer { UnsafeRawPointer($0.baseAddress) }
            copied = shared != owned
        }
        if !slots.isEmpty { slots.withUnsafeMutableBufferPointer { _ in } }
        return copied
    }

    @inline(__always)
    func position(of key: Value) -> Int? {
        if denseIntegers {
            guard case let .int(index) = key, index >= 0, index < values.count else { return nil }
            return Int(index)
        }
        if slots.isEmpty {
            for index in storedKeys.indices where MapValue.same(storedKeys[index], key) { return index }
            return nil
        }
        let mask = slots.count - 1
        var perturb = MapValue.hash(key)
        var slot = Int(truncatingIfNeeded: perturb) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if MapValue.same(storedKeys[Int(entry - 1)], key) { return Int(entry - 1) }
            slot = MapValue.nextSlot(slot, &perturb, mask)
        }
    }

    func append(_ key: Value, _ value: Value) {
        if denseIntegers {
            if case let .int(next) = key, next == Int64(values.count) {
                values.append(value)
                return
            }
            leaveDenseForm()
        }
        storedKeys.append(key)
        values.append(value)
        if !slots.isEmpty || storedKeys.count >= 8 {
            if storedKeys.count * 2 > slots.count { rebuildIndex() } else { insertSlot(storedKeys.count - 1) }
        }
    }

    func remove(at position: Int) {
        // Removing the last key of a dense map keeps `0..<count`; any other shifts the keys after it.
        if denseIntegers && position == values.count - 1 {
            values.removeLast()
            return
        }
        if denseIntegers { leaveDenseForm() }
        storedKeys.remove(at: position)
        values.remove(at: position)
        if !slots.isEmpty || storedKeys.count >= 8 { rebuildIndex() }
    }

    /// Writes out the implied keys (and their index) before the first key that breaks the run.
    private func leaveDenseForm() {
        storedKeys = keys
        denseIntegers = false
        if storedKeys.count >= 8 { rebuildIndex() }
    }

    private func insertSlot(_ position: Int) {
        let mask = slots.count - 1
        var perturb = MapValue.hash(storedKeys[position])
        var slot = Int(truncatingIfNeeded: perturb) & mask
        while slots[slot] != 0 { slot = MapValue.nextSlot(slot, &perturb, mask) }
        slots[slot] = Int32(position + 1)
    }

    private func rebuildIndex() {
        var capacity = 16
        while capacity < storedKeys.count * 2 { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        for position in storedKeys.indices { insertSlot(position) }
    }
}

/// Field names of a record type, shared by all its values. A variant of a sum type is a record
/// whose layout says so: it displays without braces when it has no fields and carries its name
/// as `"tag"` in JSON and `dyn`.
public final class RecordLayout: Sendable {
    public let name: String
    public let fieldNames: [String]
    public let isVariant: Bool
    /// Set for a table record (one with `@pk`): `db.insert!`/`db.update!` and queries use it.
    public let table: TableSchema?
    public init(name: String, fieldNames: [String], isVariant: Bool = false, table: TableSchema? = nil) {
        self.name = name
        self.fieldNames = fieldNames
        self.isVariant = isVariant
        self.table = table
    }

    public func index(of field: String) -> Int? { fieldNames.firstIndex(of: field) }
}

/// A record instance. Immutable to AURA code: `with` builds a new one, except that the VM
/// updates a field of a record only one register holds (`takeField`/`setField`), where nothing
/// else can observe it — hence `@unchecked Sendable`.
public final class RecordValue: @unchecked Sendable {
    public let layout: RecordLayout
    public private(set) var fields: [Value]
    public init(layout: RecordLayout, fields: [Value]) {
        self.layout = layout
        self.fields = fields
    }

    /// The field's value, moved out (the field holds unit until `put`).
    func take(_ position: Int) -> Value {
        let value = fields[position]
        fields[position] = .unit
        return value
    }

    func put(_ position: Int, _ value: consuming Value) { fields[position] = value }
}

/// A compiled function together with the values it captured.
public final class Closure: @unchecked Sendable {
    /// Index into the program's function table.
    public let function: Int32
    public let captures: [Value]
    public init(function: Int32, captures: [Value]) {
        self.function = function
        self.captures = captures
    }
}

/// A mutable cell for a `var` that a lambda captures (so both see assignments).
public final class Cell: @unchecked Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

/// Base class of capability handles (database connections, ...).
open class NativeObject: @unchecked Sendable {
    public init() {}
    /// Shown by `print!` and interpolation.
    open var displayName: String { "<object>" }
}
