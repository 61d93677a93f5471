/// Map builtins: `keys values has get set remove`. `get`, `set` and `remove` also take a list
/// and an index, dispatching on the first argument's kind. Maps keep insertion order.
enum MapBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "keys": keys,
        "values": values,
        "has": has,
        "get": get,
        "set": set,
        "remove": remove,
    ]

    static func keys(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("keys", 1...1)
        return .list(try args.takeMap(0, "keys").keys)
    }

    static func values(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("values", 1...1)
        return .list(try args.takeMap(0, "values").values)
    }

    static func has(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("has", 2...2)
        guard case let .map(map) = args[0] else { throw RuntimeError.wrongKind("has", args[0]) }
        return .bool(map.contains(args[1]))
    }

    /// An optional: the element or value, or `none` when the index is out of range (negative
    /// included) or the key is missing.
    static func get(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("get", 2...2)
        switch args[0] {
        case let .list(items):
            let index = try args.int(1, "get")
            return index >= 0 && index < items.count ? items[Int(index)] : .none
        case let .map(map):
            return map[args[1]] ?? .none
        case let other: throw RuntimeError.wrongKind("get", other)
        }
    }

    /// A new map with the key set (an existing key keeps its position), or a new list with the
    /// element replaced (R0003 when the index is out of range). Mutates in place when unique.
    static func set(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("set", 3...3)
        switch args.kind(0) {
        case .map:
            var map = try args.takeMap(0, "set")
            CollectionCopies.makeUnique(&map)
            map[args[1]] = args.take(2)
            return .map(map)
        case .list:
            let index = try args.int(1, "set")
            var items = try args.takeList(0, "set")
            guard index >= 0 && index < items.count else { throw outOfRange("set", index, items.count) }
            CollectionCopies.makeUnique(&items)
            items[Int(index)] = args.take(2)
            return .list(items)
        default: throw RuntimeError.wrongKind("set", args[0])
        }
    }

    /// A new map without the key (unchanged when it is missing), or a new list without the
    /// element at the index (R0003 when out of range).
    static func remove(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("remove", 2...2)
        switch args.kind(0) {
        case .map:
            var map = try args.takeMap(0, "remove")
            if map.contains(args[1]) { CollectionCopies.makeUnique(&map) }
            map.remove(args[1])
            return .map(map)
        case .list:
            let index = try args.int(1, "remove")
            var items = try args.takeList(0, "remove")
            guard index >= 0 && index < items.count else { throw outOfRange("remove", index, items.count) }
            CollectionCopies.makeUnique(&items)
            items.remove(at: Int(index))
            return .list(items)
        default: throw RuntimeError.wrongKind("remove", args[0])
        }
    }

    private static func outOfRange(_ builtin: StaticString, _ index: Int64, _ count: Int) -> RuntimeError {
        RuntimeError(.indexOutOfRange, "\(builtin): index \(index) is out of range for a list of length \(count)")
    }
}
