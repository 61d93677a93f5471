import AuraSyntax

/// Index of a type in a `TypeStore`.
public typealias TypeID = Int32

/// What operators demand of a type variable: the set of kinds it may still become.
public struct KindSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let int = KindSet(rawValue: 1)
    public static let float = KindSet(rawValue: 2)
    public static let string = KindSet(rawValue: 4)
    public static let list = KindSet(rawValue: 8)
    public static let other = KindSet(rawValue: 16)
    public static let any: KindSet = [.int, .float, .string, .list, .other]
    /// `- * / %` and unary minus.
    public static let numeric: KindSet = [.int, .float]
    /// `+`: numbers, strings, lists.
    public static let addable: KindSet = [.int, .float, .string, .list]
    /// `< <= > >=`.
    public static let ordered: KindSet = [.int, .float, .string]
}

/// Type terms. Primitive types live at fixed indices so comparing them is comparing integers.
public enum TypeNode: Sendable, Hashable {
    case int, float, string, bool, unit, dyn
    /// The type of an expression that already has an error: unifies with anything, so one
    /// mistake is reported once.
    case error
    /// A database connection from `db.connect!`.
    case connection
    case list(TypeID)
    case map(TypeID, TypeID)
    case optional(TypeID)
    /// `Query[User]`: a query over the rows of a table (a record type with `@pk`).
    case query(TypeID)
    /// Index into `TypeStore.records`.
    case record(Int32)
    /// Index into `TypeStore.sums`.
    case sum(Int32)
    /// Parameters (in `TypeStore.lists`), result, effectful.
    case function(Int32, Int32, TypeID, Bool)
    /// Index into the variable tables.
    case variable(Int32)
}

/// A record type's shape.
public struct RecordType: Sendable {
    public struct Field: Sendable {
        public var name: Symbol
        public var type: TypeID
        public var isOptional: Bool
        public var attributes: [String]
    }
    public var name: String
    /// Module that declares it ("" for builtins like `Response`).
    public var module: String
    public var fields: [Field]
    /// For a variant of a sum type: index into `TypeStore.sums`; -1 for a plain record.
    public var sum: Int32 = -1
    /// Set when the record has a `@pk` field: the table its rows live in.
    public var table: TableInfo? = nil

    public func field(_ name: Symbol) -> (index: Int, field: Field)? {
        for (index, field) in fields.enumerated() where field.name == name { return (index, field) }
        return nil
    }
}

/// A sum type: its variants are records (in `TypeStore.records`) whose values have the sum's type.
public struct SumType: Sendable {
    public var name: String
    /// Module that declares it.
    public var module: String
    /// Indices into `TypeStore.records`, in declaration order.
    public var variants: [Int32]
}

/// Hindley–Milner type terms with union-find variables and Rémy levels for generalisation.
public struct TypeStore: Sendable {
    /// Reused by `instantiate`.
    private var instantiationScratch = VariableMapping()
    public private(set) var nodes: [TypeNode] = [.int, .float, .string, .bool, .unit, .dyn, .error, .connection]
    /// Parameter lists of function types.
    public private(set) var lists: [TypeID] = []
    var bindings: [TypeID] = []
    var levels: [Int32] = []
    var kinds: [KindSet] = []
    public var records: [RecordType] = []
    public var sums: [SumType] = []

    public static let int: TypeID = 0, float: TypeID = 1, string: TypeID = 2, bool: TypeID = 3
    public static let unit: TypeID = 4, dyn: TypeID = 5, error: TypeID = 6, connection: TypeID = 7
    /// Level given to generalised variables: instantiation replaces them.
    static let genericLevel = Int32.max

    public init() {
        nodes.reserveCapacity(4096)
    }

    public func node(_ id: TypeID) -> TypeNode { nodes[Int(id)] }

    mutating func add(_ node: TypeNode) -> TypeID {
        nodes.append(node)
        return TypeID(nodes.count - 1)
    }

    public mutating func list(_ element: TypeID) -> TypeID { add(.list(element)) }
    public mutating func map(_ key: TypeID, _ value: TypeID) -> TypeID { add(.map(key, value)) }
    public mutating func optional(_ inner: TypeID) -> TypeID {
        if case .optional = node(resolve(inner)) { return inner }
        return add(.optional(inner))
    }
    public mutating func query(_ row: TypeID) -> TypeID { add(.query(row)) }
    public mutating func record(_ index: Int32) -> TypeID { add(.record(index)) }
    public mutating func sum(_ index: Int32) -> TypeID { add(.sum(index)) }

    public mutating func function(_ params: [TypeID], _ result: TypeID, effectful: Bool) -> TypeID {
        let start = Int32(lists.count)
        lists.append(contentsOf: params)
        return add(.function(start, Int32(params.count), result, effectful))
    }

    /// Parameters are copied out: a slice would keep `lists` shared, and the next function type
    /// created while it lives would copy the whole pool (quadratic checking time).
    public func functionParts(_ id: TypeID) -> (params: [TypeID], result: TypeID, effectful: Bool)? {
        guard case let .function(start, count, result, effectful) = node(id) else { return nil }
        return (Array(lists[Int(start)..<Int(start + count)]), result, effectful)
    }

    public mutating func fresh(level: Int32, kinds: KindSet = .any) -> TypeID {
        let index = Int32(bindings.count)
        bindings.append(-1)
        levels.append(level)
        self.kinds.append(kinds)
        return add(.variable(index))
    }

    /// Follows variable bindings (with path compression).
    public mutating func resolve(_ id: TypeID) -> TypeID {
        var current = id
        while case let .variable(v) = nodes[Int(current)], bindings[Int(v)] >= 0 {
            current = bindings[Int(v)]
        }
        // Compress only a chain of two or more: writing the same binding back made every
        // resolve of a directly bound variable a uniqueness check and a store.
        if current != id, case let .variable(v) = nodes[Int(id)], bindings[Int(v)] != current { bindings[Int(v)] = current }
        return current
    }

    /// The node `id` resolves to. One mutating access: `types.resolvedNode(id)` on a
    /// stored `TypeStore` reads a copy of the store for `node` while `resolve` writes the
    /// original, and that copy made path compression duplicate the bindings array (a third of
    /// the checker's time on a 100k-line project went into that memmove).
    public mutating func resolvedNode(_ id: TypeID) -> TypeNode { nodes[Int(resolve(id))] }

    /// `functionParts` of what `id` resolves to, in one mutating access (see `resolvedNode`).
    public mutating func resolvedFunctionParts(_ id: TypeID) -> (params: [TypeID], result: TypeID, effectful: Bool)? {
        let target = resolve(id)
        return functionParts(target)
    }

    /// Read-only resolve for printing and queries on a finished store.
    public func resolved(_ id: TypeID) -> TypeID {
        var current = id
        while case let .variable(v) = nodes[Int(current)], bindings[Int(v)] >= 0 { current = bindings[Int(v)] }
        return current
    }

    public func kindsOf(variable v: Int32) -> KindSet { kinds[Int(v)] }

    /// The kind a concrete type has for operator constraints.
    func kind(of id: TypeID) -> KindSet {
        switch nodes[Int(id)] {
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .list: return .list
        case .error: return .any
        default: return .other
        }
    }

    public enum UnifyFailure: Error { case mismatch, infinite, constraint }

    /// Makes two types equal, or says why they cannot be.
    public mutating func unify(_ a: TypeID, _ b: TypeID) -> UnifyFailure? {
        let x = resolve(a), y = resolve(b)
        if x == y { return nil }
        let nx = nodes[Int(x)], ny = nodes[Int(y)]
        if case .error = nx { return nil }
        if case .error = ny { return nil }
        if case let .variable(v) = nx { return bind(v, y) }
        if case let .variable(v) = ny { return bind(v, x) }
        switch (nx, ny) {
        case let (.list(e1), .list(e2)), let (.optional(e1), .optional(e2)), let (.query(e1), .query(e2)):
            return unify(e1, e2)
        case let (.map(k1, v1), .map(k2, v2)):
            return unify(k1, k2) ?? unify(v1, v2)
        case let (.record(r1), .record(r2)), let (.sum(r1), .sum(r2)):
            return r1 == r2 ? nil : .mismatch
        case let (.function(s1, c1, r1, _), .function(s2, c2, r2, _)):
            guard c1 == c2 else { return .mismatch }
            for k in 0..<Int(c1) {
                if let failure = unify(lists[Int(s1) + k], lists[Int(s2) + k]) { return failure }
            }
            return unify(r1, r2)
        default:
            return nx == ny ? nil : .mismatch
        }
    }

    private mutating func bind(_ v: Int32, _ target: TypeID) -> UnifyFailure? {
        if case let .variable(w) = nodes[Int(target)] {
            let merged = kinds[Int(v)].intersection(kinds[Int(w)])
            if merged.isEmpty { return .constraint }
            kinds[Int(w)] = merged
            levels[Int(w)] = min(levels[Int(w)], levels[Int(v)])
            bindings[Int(v)] = target
            return nil
        }
        if !kinds[Int(v)].contains(kind(of: target)) && kinds[Int(v)] != .any { return .constraint }
        if occurs(v, in: target, level: levels[Int(v)]) { return .infinite }
        bindings[Int(v)] = target
        return nil
    }

    /// Occurs check; also lowers the levels of variables in `id` to `level` (Rémy).
    private mutating func occurs(_ v: Int32, in id: TypeID, level: Int32) -> Bool {
        let r = resolve(id)
        switch nodes[Int(r)] {
        case let .variable(w):
            if w == v { return true }
            if levels[Int(w)] > level && levels[Int(w)] != TypeStore.genericLevel { levels[Int(w)] = level }
            return false
        case let .list(e), let .optional(e), let .query(e): return occurs(v, in: e, level: level)
        case let .map(k, e): return occurs(v, in: k, level: level) || occurs(v, in: e, level: level)
        case let .function(start, count, result, _):
            for k in 0..<Int(count) where occurs(v, in: lists[Int(start) + k], level: level) { return true }
            return occurs(v, in: result, level: level)
        default: return false
        }
    }

    /// Marks unbound variables above `level` as generic. Returns whether any were.
    public mutating func generalize(_ id: TypeID, above level: Int32) -> Bool {
        let r = resolve(id)
        switch nodes[Int(r)] {
        case let .variable(v):
            if levels[Int(v)] == TypeStore.genericLevel { return true }
            if levels[Int(v)] > level { levels[Int(v)] = TypeStore.genericLevel; return true }
            return false
        case let .list(e), let .optional(e), let .query(e): return generalize(e, above: level)
        case let .map(k, e):
            let a = generalize(k, above: level)
            return generalize(e, above: level) || a
        case let .function(start, count, result, _):
            var any = false
            for k in 0..<Int(count) where generalize(lists[Int(start) + k], above: level) { any = true }
            return generalize(result, above: level) || any
        default: return false
        }
    }

    /// Copies a generalised type with fresh variables.
    public mutating func instantiate(_ id: TypeID, level: Int32) -> TypeID {
        // The mapping's arrays are reused from the last instantiation (taken out of the store
        // while `copy` mutates it): two fresh arrays per builtin call showed in profiles.
        var mapping = instantiationScratch
        instantiationScratch = VariableMapping()
        mapping.variables.removeAll(keepingCapacity: true)
        mapping.copies.removeAll(keepingCapacity: true)
        let copied = copy(id, level: level, &mapping)
        instantiationScratch = mapping
        return copied
    }

    /// Generic variable → its fresh copy. A type has a handful of variables, so a linear scan of
    /// two small arrays beats hashing (a `Dictionary` per instantiation showed in profiles: every
    /// builtin call instantiates its signature).
    private struct VariableMapping {
        var variables: [Int32] = []
        var copies: [TypeID] = []
        func copy(of v: Int32) -> TypeID? {
            for index in variables.indices where variables[index] == v { return copies[index] }
            return nil
        }
        mutating func add(_ v: Int32, _ copy: TypeID) {
            variables.append(v)
            copies.append(copy)
        }
    }

    private mutating func copy(_ id: TypeID, level: Int32, _ mapping: inout VariableMapping) -> TypeID {
        let r = resolve(id)
        switch nodes[Int(r)] {
        case let .variable(v):
            guard levels[Int(v)] == TypeStore.genericLevel else { return r }
            if let existing = mapping.copy(of: v) { return existing }
            let fresh = self.fresh(level: level, kinds: kinds[Int(v)])
            mapping.add(v, fresh)
            return fresh
        case let .list(e):
            let c = copy(e, level: level, &mapping)
            return c == e ? r : list(c)
        case let .optional(e):
            let c = copy(e, level: level, &mapping)
            return c == e ? r : add(.optional(c))
        case let .query(e):
            let c = copy(e, level: level, &mapping)
            return c == e ? r : query(c)
        case let .map(k, e):
            let ck = copy(k, level: level, &mapping), ce = copy(e, level: level, &mapping)
            return ck == k && ce == e ? r : map(ck, ce)
        case let .function(start, count, result, effectful):
            var params: [TypeID] = []
            params.reserveCapacity(Int(count))
            var changed = false
            for k in 0..<Int(count) {
                let original = lists[Int(start) + k]
                let c = copy(original, level: level, &mapping)
                changed = changed || c != original
                params.append(c)
            }
            let cr = copy(result, level: level, &mapping)
            return changed || cr != result ? function(params, cr, effectful: effectful) : r
        default:
            return r
        }
    }

    /// Defaults numeric-only variables to `i` (as literals would), so code generation sees
    /// concrete types where the program never decided.
    public mutating func defaultVariable(_ id: TypeID) {
        let r = resolve(id)
        if case let .variable(v) = nodes[Int(r)], levels[Int(v)] != TypeStore.genericLevel, kinds[Int(v)] != .any,
           kinds[Int(v)].contains(.int) {
            bindings[Int(v)] = TypeStore.int
        }
    }
}
