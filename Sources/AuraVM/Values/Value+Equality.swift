/// Structural equality (`==` on every type) and hashing (map keys).
extension Value: Hashable {
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.unit, .unit), (.none, .none): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.float(a), .float(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.list(a), .list(b)): return a == b
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            for (key, value) in a.pairs where b[key] != value { return false }
            return true
        case let (.record(a), .record(b)):
            return a === b || (a.layout === b.layout && a.fields == b.fields)
        case let (.closure(a), .closure(b)): return a === b
        case let (.builtin(a), .builtin(b)): return a == b
        case let (.object(a), .object(b)): return a === b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .unit: hasher.combine(0)
        case .none: hasher.combine(1)
        case let .bool(b): hasher.combine(b)
        case let .int(i): hasher.combine(i)
        case let .float(f): hasher.combine(f)
        case let .string(s): hasher.combine(s)
        case let .list(items): hasher.combine(items)
        case let .map(m): hasher.combine(m.count)
        case let .record(r): hasher.combine(r.layout.name); hasher.combine(r.fields)
        case let .closure(c): hasher.combine(ObjectIdentifier(c))
        case let .builtin(b): hasher.combine(b)
        case let .object(o): hasher.combine(ObjectIdentifier(o))
        }
    }
}

extension Value {
    /// Ordering for `< <= > >=`, `sort`, `min`, `max`: numbers and strings (lists lexicographically).
    public static func compare(_ lhs: Value, _ rhs: Value) -> Int? {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b ? -1 : a > b ? 1 : 0
        case let (.float(a), .float(b)): return a < b ? -1 : a > b ? 1 : 0
        case let (.string(a), .string(b)):
            // Code point order, not Unicode collation: predictable and locale-free.
            var x = a.unicodeScalars.makeIterator(), y = b.unicodeScalars.makeIterator()
            while true {
                switch (x.next(), y.next()) {
                case (nil, nil): return 0
                case (nil, _): return -1
                case (_, nil): return 1
                case let (p?, q?): if p != q { return p.value < q.value ? -1 : 1 }
                }
            }
        case let (.bool(a), .bool(b)): return a == b ? 0 : (a ? 1 : -1)
        case let (.list(a), .list(b)):
            for (x, y) in zip(a, b) {
                guard let c = compare(x, y) else { return nil }
                if c != 0 { return c }
            }
            return a.count < b.count ? -1 : a.count > b.count ? 1 : 0
        default: return nil
        }
    }

    /// The kind of value, as named in runtime error messages.
    public var kindName: String {
        switch self {
        case .unit: return "unit"
        case .none: return "none"
        case .bool: return "bool"
        case .int: return "integer"
        case .float: return "float"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        case let .record(r): return r.layout.name
        case .closure, .builtin: return "function"
        case .object: return "object"
        }
    }

    /// The kind of a dynamic value as `kind(d)` names it: JSON's vocabulary (`null`, `object`).
    public var dynKindName: String {
        switch self {
        case .none, .unit: return "null"
        case .int: return "int"
        case .map, .record: return "object"
        default: return kindName
        }
    }

    /// "a" or "an" before `dynKindName`.
    var dynKindArticle: String { ["int", "object"].contains(dynKindName) ? "an" : "a" }
}
