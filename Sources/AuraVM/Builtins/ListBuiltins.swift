/// List builtins that need no function argument: `len push concat range take limit drop first
/// last reverse contains unique zip join`. `len`, `concat`, `reverse` and `contains` also take
/// strings (and `len` maps), dispatching on the first argument's kind.
enum ListBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "len": len,
        "push": push,
        "concat": concat,
        "range": range,
        "take": take,
        "limit": { args, context in
            if let query = QueryBuiltins.query(in: args[0]) {
                try args.expect("limit", 2...2)
                return try QueryBuiltins.limit(query, args)
            }
            return try take(&args, context)
        },
        "drop": drop,
        "first": first,
        "last": last,
        "reverse": reverse,
        "contains": contains,
        "unique": unique,
        "zip": zip,
        "join": join,
    ]

    /// Strings count Unicode scalars (code points), like `chars` and indexing: predictable on
    /// every platform (`"\r\n"` is 2, as in Python), unlike grapheme clusters.
    static func len(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("len", 1...1)
        switch args[0] {
        case let .list(items): return .int(Int64(items.count))
        case let .string(text): return .int(Int64(text.unicodeScalars.count))
        case let .map(map): return .int(Int64(map.count))
        case let other: throw RuntimeError.wrongKind("len", other)
        }
    }

    /// Appends in place when the caller's list is uniquely referenced, so
    /// `xs = push(xs, x)` in a loop is amortised O(1).
    static func push(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("push", 2...2)
        var items = try args.takeList(0, "push")
        CollectionCopies.makeUnique(&items)
        try context.chargeList(items.count < items.capacity ? 1 : Swift.max(16, items.capacity * 2))
        items.append(args.take(1))
        return .list(items)
    }

    static func concat(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("concat", 2...2)
        switch args.kind(0) {
        case .list:
            var items = try args.takeList(0, "concat")
            let more = try args.list(1, "concat")
            try context.chargeList(items.count + more.count <= items.capacity ? more.count : Swift.max(items.count + more.count, items.capacity * 2))
            items.append(contentsOf: more)
            return .list(items)
        case .string:
            var text = try args.takeString(0, "concat")
            let more = try args.string(1, "concat")
            try context.chargeMemory(more.utf8.count)
            text += more
            return .string(text)
        default: throw RuntimeError.wrongKind("concat", args[0])
        }
    }

    /// Half-open, like `a..b`; empty when `b <= a`.
    static func range(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("range", 2...2)
        let low = try args.int(0, "range"), high = try args.int(1, "range")
        guard high > low else { return .list([]) }
        let (count, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, count <= StandardLibrary.maxCollectionCount else {
            throw RuntimeError.tooLarge("range", overflow ? .max : count)
        }
        try context.chargeList(Int(count))
        var items: [Value] = []
        items.reserveCapacity(Int(count))
        var k = low
        while k < high {
            items.append(.int(k))
            k += 1
        }
        return .list(items)
    }

    /// A count larger than the list (or negative) is clamped.
    static func take(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("take", 2...2)
        let n = try args.int(1, "take")
        var items = try args.takeList(0, "take")
        items.removeLast(items.count - n.clamped(to: items.count))
        return .list(items)
    }

    static func drop(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("drop", 2...2)
        let n = try args.int(1, "drop")
        var items = try args.takeList(0, "drop")
        items.removeFirst(n.clamped(to: items.count))
        return .list(items)
    }

    static func first(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("first", 1...1)
        return try args.list(0, "first").first ?? .none
    }

    static func last(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("last", 1...1)
        return try args.list(0, "last").last ?? .none
    }

    /// Lists reverse their elements, strings their characters.
    static func reverse(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("reverse", 1...1)
        switch args[0] {
        case .list:
            var items = try args.takeList(0, "reverse")
            items.reverse()
            return .list(items)
        case let .string(text):
            var reversed = String.UnicodeScalarView()
            reversed.append(contentsOf: text.unicodeScalars.reversed())
            return .string(String(reversed))
        case let other: throw RuntimeError.wrongKind("reverse", other)
        }
    }

    /// Membership (structural equality) on lists, substring on strings.
    static func contains(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("contains", 2...2)
        switch args[0] {
        case let .list(items):
            return .bool(items.contains(args[1]))
        case let .string(text):
            return .bool(StringBuiltins.contains(try args.string(1, "contains"), in: text))
        case let other: throw RuntimeError.wrongKind("contains", other)
        }
    }

    /// Keeps the first occurrence of each value, in order.
    static func unique(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("unique", 1...1)
        let items = try args.takeList(0, "unique")
        try context.chargeList(items.count * 2)
        var seen = Set<Value>(minimumCapacity: items.count)
        var result: [Value] = []
        result.reserveCapacity(items.count)
        for item in items where seen.insert(item).inserted {
            result.append(item)
        }
        return .list(result)
    }

    /// Two-element lists (AURA v1 has no tuples), stopping at the shorter list.
    static func zip(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("zip", 2...2)
        let left = try args.list(0, "zip"), right = try args.list(1, "zip")
        // Each pair is a two-element list of its own (a header and two values).
        try context.chargeList(Swift.min(left.count, right.count) * 6)
        var pairs: [Value] = []
        pairs.reserveCapacity(Swift.min(left.count, right.count))
        for (a, b) in Swift.zip(left, right) {
            pairs.append(.list([a, b]))
        }
        return .list(pairs)
    }

    static func join(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("join", 2...2)
        let items = try args.list(0, "join"), separator = try args.string(1, "join")
        var size = separator.utf8.count * Swift.max(0, items.count - 1)
        for item in items { if case let .string(piece) = item { size &+= piece.utf8.count } }
        try context.chargeMemory(size)
        // Copied into one buffer of the final size: `out += piece` per item re-checked and
        // grew the string each time (200k items: 9 ms → 1.5 ms).
        var separatorBytes = separator
        let out = try separatorBytes.withUTF8 { separatorUTF8 in
            try String(unsafeUninitializedCapacity: size) { buffer in
                var at = 0
                for (k, item) in items.enumerated() {
                    if k > 0 {
                        UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[at...]).copyMemory(from: UnsafeRawBufferPointer(separatorUTF8))
                        at &+= separatorUTF8.count
                    }
                    guard case var .string(piece) = item else { throw RuntimeError.wrongKind("join", item) }
                    at = piece.withUTF8 { bytes in
                        UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[at...]).copyMemory(from: UnsafeRawBufferPointer(bytes))
                        return at &+ bytes.count
                    }
                }
                return at
            }
        }
        return .string(out)
    }
}
