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
public struct MapValue: Sendable {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [Value: Int] = [:]

    public init() {}

    public init(_ pairs: [(Value, Value)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }

    public subscript(key: Value) -> Value? {
        get { index[key].map { values[$0] } }
        set {
            if let position = index[key] {
                if let newValue { values[position] = newValue } else { remove(key) }
            } else if let newValue {
                index[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public mutating func remove(_ key: Value) {
        guard let position = index.removeValue(forKey: key) else { return }
        keys.remove(at: position)
        values.remove(at: position)
        for k in position..<keys.count { index[keys[k]] = k }
    }

    public func contains(_ key: Value) -> Bool { index[key] != nil }

    public var pairs: Zip2Sequence<[Value], [Value]> { zip(keys, values) }
}

/// Field names of a record type, shared by all its values.
public final class RecordLayout: Sendable {
    public let name: String
    public let fieldNames: [String]
    public init(name: String, fieldNames: [String]) {
        self.name = name
        self.fieldNames = fieldNames
    }

    public func index(of field: String) -> Int? { fieldNames.firstIndex(of: field) }
}

/// A record instance. Immutable: `with` builds a new one.
public final class RecordValue: Sendable {
    public let layout: RecordLayout
    public let fields: [Value]
    public init(layout: RecordLayout, fields: [Value]) {
        self.layout = layout
        self.fields = fields
    }
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
