import AuraSyntax

/// A builtin function or capability member with its (possibly overloaded) signatures. A class:
/// every call the checker sees looks one up, and handing out a struct of five arrays retained
/// and released them all each time.
public final class BuiltinEntry: Sendable {
    /// Stable index: the VM's builtin number.
    public let id: Int32
    public let name: String
    /// `db` for `db.query!`; nil for plain builtins.
    public let capability: String?
    /// Generalised function types, one per overload.
    public let overloads: [TypeID]
    public let isEffectful: Bool
    /// Per overload, computed once: the parameter count, the first parameter's type and whether
    /// it is a `dyn` overload. Every call of a builtin consults them (the checker's hot path).
    let arities: [Int]
    let firstParameters: [TypeID]
    let dynOverloads: [Bool]
    /// What the query builder's checks need to know about this builtin.
    let queryRole: QueryRole

    enum QueryRole: Sendable { case none, stage, tableRow, sort }

    init(id: Int32, name: String, capability: String?, overloads: [TypeID], store: TypeStore) {
        self.id = id
        self.name = name
        self.capability = capability
        self.overloads = overloads
        isEffectful = name.hasSuffix("!")
        let parts = overloads.map { store.functionParts($0)! }
        arities = parts.map(\.params.count)
        firstParameters = parts.map { $0.params.first ?? TypeStore.unit }
        dynOverloads = parts.map { $0.params.first.map { store.resolved($0) == TypeStore.dyn } ?? false }
        switch (capability, name) {
        case (nil, "where"), (nil, "order_by"), (nil, "order_by_desc"): queryRole = .stage
        case ("db", "insert!"), ("db", "update!"): queryRole = .tableRow
        case (nil, "sort"), (nil, "sort_desc"): queryRole = .sort
        default: queryRole = .none
        }
    }

    /// The qualified name users write.
    public var displayName: String { capability.map { "\($0).\(name)" } ?? name }
}

/// All builtins, keyed by interned name, with their types in the checker's `TypeStore`.
public struct Builtins: Sendable {
    public private(set) var entries: [BuiltinEntry] = []
    /// Indexed by symbol (symbols are dense): -1 for a name that is no builtin.
    var byName: [Int32] = []
    var byCapability: [String: [Symbol: Int32]] = [:]
    /// Index of the builtin `Response` record in the type store.
    public let responseRecord: Int32

    init(store: inout TypeStore, interner: Interner) {
        let statusSymbol = interner.intern("status"), bodySymbol = interner.intern("body"), headersSymbol = interner.intern("headers")
        let headers = store.map(TypeStore.string, TypeStore.string)
        store.records.append(RecordType(name: "Response", module: "", fields: [
            .init(name: statusSymbol, type: TypeStore.int, isOptional: false, attributes: []),
            .init(name: bodySymbol, type: TypeStore.string, isOptional: false, attributes: []),
            .init(name: headersSymbol, type: headers, isOptional: false, attributes: []),
        ]))
        responseRecord = Int32(store.records.count - 1)
        var parser = SignatureParser(responseRecord: responseRecord)
        for (name, signatures) in BuiltinTable.functions {
            let id = Int32(entries.count)
            let overloads = signatures.map { parser.parse($0, effectful: name.hasSuffix("!"), into: &store) }
            entries.append(BuiltinEntry(id: id, name: name, capability: nil, overloads: overloads, store: store))
            let symbol = Int(interner.intern(name))
            if byName.count <= symbol { byName += [Int32](repeating: -1, count: symbol + 1 - byName.count) }
            byName[symbol] = id
        }
        for capability in BuiltinTable.capabilities {
            var members: [Symbol: Int32] = [:]
            for (name, signatures) in BuiltinTable.capabilityMembers[capability] ?? [] {
                let id = Int32(entries.count)
                let overloads = signatures.map { parser.parse($0, effectful: name.hasSuffix("!"), into: &store) }
                entries.append(BuiltinEntry(id: id, name: name, capability: capability, overloads: overloads, store: store))
                members[interner.intern(name)] = id
            }
            byCapability[capability] = members
        }
    }

    public func lookup(_ name: Symbol) -> BuiltinEntry? {
        guard name >= 0, Int(name) < byName.count, byName[Int(name)] >= 0 else { return nil }
        return entries[Int(byName[Int(name)])]
    }

    public func lookup(capability: String, member: Symbol) -> BuiltinEntry? {
        byCapability[capability]?[member].map { entries[Int($0)] }
    }

    public func members(of capability: String) -> [BuiltinEntry] {
        entries.filter { $0.capability == capability }
    }

    public var plainNames: [String] { entries.filter { $0.capability == nil }.map(\.name) }
}

/// Parses the signature notation of `BuiltinTable` into generalised types.
struct SignatureParser {
    let responseRecord: Int32
    private var chars: [Character] = []
    private var pos = 0
    private var variables: [Character: TypeID] = [:]

    init(responseRecord: Int32) { self.responseRecord = responseRecord }

    /// `effectful`: the builtin's own arrow is `->!` (its name ends in `!`).
    mutating func parse(_ text: String, effectful: Bool, into store: inout TypeStore) -> TypeID {
        chars = Array(text.filter { $0 != " " })
        if effectful, let arrow = chars.lastIndex(of: ">"), let open = chars.firstIndex(of: ")"), open < arrow {
            // The outermost arrow follows the first top-level `)`.
            var depth = 0
            for (index, c) in chars.enumerated() {
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1; if depth == 0 { chars.insert("!", at: index + 3); break } }
            }
        }
        pos = 0
        variables = [:]
        let type = parseType(&store)
        precondition(pos == chars.count, "bad builtin signature: \(text)")
        _ = store.generalize(type, above: 0)
        return type
    }

    private mutating func parseType(_ store: inout TypeStore) -> TypeID {
        var result: TypeID
        let c = chars[pos]
        if c == "[" {
            pos += 1
            let element = parseType(&store)
            pos += 1 // ]
            result = store.list(element)
        } else if chars[pos...].starts(with: "Query[") {
            pos += 6
            let row = parseType(&store)
            pos += 1 // ]
            result = store.query(row)
        } else if c == "{" {
            pos += 1
            let key = parseType(&store)
            pos += 1 // :
            let value = parseType(&store)
            pos += 1 // }
            result = store.map(key, value)
        } else if c == "(" {
            pos += 1
            var params: [TypeID] = []
            while chars[pos] != ")" {
                params.append(parseType(&store))
                if chars[pos] == "," { pos += 1 }
            }
            pos += 1 // )
            pos += 2 // ->
            var effectful = false
            if pos < chars.count, chars[pos] == "!" { effectful = true; pos += 1 }
            let resultType = parseType(&store)
            result = store.function(params, resultType, effectful: effectful)
        } else {
            var word = ""
            while pos < chars.count, chars[pos].isLetter || chars[pos] == "_" { word.append(chars[pos]); pos += 1 }
            switch word {
            case "i": result = TypeStore.int
            case "f": result = TypeStore.float
            case "s": result = TypeStore.string
            case "b": result = TypeStore.bool
            case "unit": result = TypeStore.unit
            case "dyn": result = TypeStore.dyn
            case "Connection": result = TypeStore.connection
            case "Response": result = store.record(responseRecord)
            default:
                let letter = Character(word)
                if let existing = variables[letter] {
                    result = existing
                } else {
                    let kinds: KindSet = letter == "n" ? .numeric : letter == "o" ? .ordered : letter == "p" ? .addable : .any
                    result = store.fresh(level: 1, kinds: kinds)
                    variables[letter] = result
                }
            }
        }
        while pos < chars.count, chars[pos] == "?" {
            pos += 1
            result = store.optional(result)
        }
        return result
    }
}
