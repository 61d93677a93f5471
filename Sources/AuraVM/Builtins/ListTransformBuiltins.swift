/// Higher-order list builtins (`map filter where fold each any all count flat_map group_by
/// sort_by`) and `sort`. They call AURA functions through `BuiltinContext.caller`, so they are
/// effect-transparent: an effectful callback performs its effects in list order.
enum ListTransformBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "map": map,
        "filter": filter,
        "where": { args, context in
            // On a query, the compiler passed the condition's SQL form instead of a lambda.
            if QueryBuiltins.query(in: args[0]) != nil { return try QueryBuiltins.filter(args) }
            return try filter(&args, context)
        },
        "fold": fold,
        "each": each,
        "any": any,
        "all": all,
        "count": count,
        "flat_map": flatMap,
        "group_by": groupBy,
        "sort": sort,
        "sort_by": sortBy,
    ]

    /// Overwrites the moved-out list element by element, so a uniquely referenced list is
    /// mapped without allocating a second buffer.
    static func map(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("map", 2...2)
        let function = args[1]
        var items = try args.takeList(0, "map")
        for k in items.indices {
            items[k] = try context.caller.call1(function, items[k])
        }
        return .list(items)
    }

    /// Compacts the kept elements to the front of the moved-out list.
    static func filter(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("filter", 2...2)
        let predicate = args[1]
        var items = try args.takeList(0, "filter")
        var kept = 0
        for k in items.indices where try context.caller.call1(predicate, items[k]).isTrue() {
            if kept != k { items[kept] = items[k] }
            kept += 1
        }
        items.removeLast(items.count - kept)
        return .list(items)
    }

    /// Left to right, accumulator first: `fold(xs, init, (acc, x) => ...)`.
    static func fold(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("fold", 3...3)
        let function = args[2]
        let items = try args.takeList(0, "fold")
        var accumulator = args.take(1)
        for item in items {
            // `consume` leaves this frame without a reference to the accumulator, so the
            // arguments array holds the only one: a caller that moves it out of the array
            // lets a callback such as `push` grow it in place.
            accumulator = try context.caller.call2(function, consume accumulator, item)
        }
        return accumulator
    }

    /// Calls the function for its effects; results are ignored.
    static func each(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("each", 2...2)
        let function = args[1]
        for item in try args.takeList(0, "each") {
            _ = try context.caller.call1(function, item)
        }
        return .unit
    }

    /// Stops at the first element satisfying the predicate.
    static func any(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("any", 2...2)
        let predicate = args[1]
        for item in try args.list(0, "any") where try context.caller.call1(predicate, item).isTrue() {
            return .bool(true)
        }
        return .bool(false)
    }

    /// Stops at the first element failing the predicate; `true` on an empty list.
    static func all(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("all", 2...2)
        let predicate = args[1]
        for item in try args.list(0, "all") where try !context.caller.call1(predicate, item).isTrue() {
            return .bool(false)
        }
        return .bool(true)
    }

    /// The number of elements satisfying the predicate.
    static func count(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("count", 2...2)
        let predicate = args[1]
        var total: Int64 = 0
        for item in try args.list(0, "count") where try context.caller.call1(predicate, item).isTrue() {
            total += 1
        }
        return .int(total)
    }

    static func flatMap(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("flat_map", 2...2)
        let function = args[1]
        var result: [Value] = []
        for item in try args.takeList(0, "flat_map") {
            let produced = try context.caller.call1(function, item)
            guard case let .list(pieces) = produced else { throw RuntimeError.wrongKind("flat_map", produced) }
            try context.chargeList(result.count + pieces.count <= result.capacity ? pieces.count : Swift.max(result.count + pieces.count, result.capacity * 2))
            result.append(contentsOf: pieces)
        }
        return .list(result)
    }

    /// A map from each key to its elements in their original order; keys in order of first
    /// occurrence. Groups are built in plain arrays and turned into a map once at the end, so
    /// growing a group never copies it.
    static func groupBy(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("group_by", 2...2)
        let function = args[1]
        var position: [Value: Int] = [:]
        var keys: [Value] = []
        var groups: [[Value]] = []
        for item in try args.takeList(0, "group_by") {
            let key = try context.caller.call1(function, item)
            if let k = position[key] {
                groups[k].append(item)
            } else {
                position[key] = keys.count
                keys.append(key)
                groups.append([item])
            }
        }
        var map = MapValue()
        for (key, group) in Swift.zip(keys, groups) {
            map[key] = .list(group)
        }
        return .map(map)
    }

    /// Ascending and stable, on integers, floats and strings (`Value.compare`).
    static func sort(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("sort", 1...1)
        let items = try args.takeList(0, "sort")
        return .list(try stableSorted(items, keys: items, "sort"))
    }

    /// Stable: elements with equal keys keep their order. The key function runs once per element.
    static func sortBy(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("sort_by", 2...2)
        let function = args[1]
        let items = try args.takeList(0, "sort_by")
        var keys: [Value] = []
        keys.reserveCapacity(items.count)
        for item in items {
            keys.append(try context.caller.call1(function, item))
        }
        return .list(try stableSorted(items, keys: keys, "sort_by"))
    }

    /// Sorts indices with the original position as tie-breaker: stability does not depend on
    /// the standard library's (undocumented) sort stability.
    private static func stableSorted(_ items: [Value], keys: [Value], _ builtin: StaticString) throws -> [Value] {
        var order = Array(items.indices)
        try order.sort { a, b in
            let c = try Value.order(keys[a], keys[b], builtin)
            return c != 0 ? c < 0 : a < b
        }
        return order.map { items[$0] }
    }
}
