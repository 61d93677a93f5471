import AuraSyntax

/// Which values a list of `match` arms leaves out, by pattern-matrix usefulness (Maranget,
/// "Warnings for pattern matching", JFP 2007): a pattern is useful after some rows when a
/// value matches it and none of them. A sum type's variant that is still useful after all the
/// arms is not handled; an arm that is not useful after the arms above it is dead.
///
/// Literals of infinite types (numbers, strings) are constructors that never complete their
/// type, so only `_` or a name covers the rest of them.
struct PatternSpace {
    indirect enum Pattern {
        case any
        case constructor(Constructor, [Pattern])
    }

    enum Constructor: Hashable {
        case bool(Bool)
        case none
        /// A record shape: a record type or one variant of a sum type (index into `records`).
        case record(Int32)
        /// A literal of an infinite type, by its source text.
        case literal(String)
    }

    let types: TypeStore
    /// Work left before the search gives up and calls the match exhaustive: the problem is
    /// exponential in the worst case, and a false "not handled" error would be worse.
    private var budget = 20_000

    init(types: TypeStore) { self.types = types }

    /// Whether some value of `columns` matches `vector` and none of `rows`.
    mutating func isUseful(_ rows: [[Pattern]], _ vector: [Pattern], columns: [TypeID]) -> Bool {
        budget -= 1
        if budget <= 0 { return false }
        guard let head = vector.first, let column = columns.first else { return rows.isEmpty }
        let restColumns = Array(columns.dropFirst())
        switch head {
        case let .constructor(constructor, arguments):
            let fieldTypes = self.fieldTypes(of: constructor)
            let specialised = rows.compactMap { specialise($0, by: constructor, arity: fieldTypes.count) }
            return isUseful(specialised, arguments + vector.dropFirst(), columns: fieldTypes + restColumns)
        case .any:
            let used = Set(rows.compactMap { row -> Constructor? in
                if case let .constructor(constructor, _)? = row.first { return constructor }
                return nil
            })
            if let all = constructors(of: column), !all.isEmpty, all.allSatisfy(used.contains) {
                return all.contains { constructor in
                    let fieldTypes = self.fieldTypes(of: constructor)
                    let specialised = rows.compactMap { specialise($0, by: constructor, arity: fieldTypes.count) }
                    return isUseful(specialised, [Pattern](repeating: .any, count: fieldTypes.count) + vector.dropFirst(),
                                    columns: fieldTypes + restColumns)
                }
            }
            let defaults = rows.compactMap { row -> [Pattern]? in
                if case .any? = row.first { return Array(row.dropFirst()) }
                return nil
            }
            return isUseful(defaults, Array(vector.dropFirst()), columns: restColumns)
        }
    }

    /// A pattern that matches every value built with `constructor`.
    func whole(_ constructor: Constructor) -> Pattern {
        .constructor(constructor, [Pattern](repeating: .any, count: fieldTypes(of: constructor).count))
    }

    /// Every constructor of a type, or nil when they cannot be listed (numbers, strings, ...).
    /// An optional's are `none` and its inner type's, since patterns match through it.
    func constructors(of type: TypeID) -> [Constructor]? {
        switch types.node(types.resolved(type)) {
        case .bool: return [.bool(true), .bool(false)]
        case let .optional(inner): return constructors(of: inner).map { [.none] + $0 }
        case let .sum(index): return types.sums[Int(index)].variants.map { .record($0) }
        case let .record(index): return [.record(index)]
        default: return nil
        }
    }

    func fieldTypes(of constructor: Constructor) -> [TypeID] {
        guard case let .record(index) = constructor else { return [] }
        return types.records[Int(index)].fields.map(\.type)
    }

    private func specialise(_ row: [Pattern], by constructor: Constructor, arity: Int) -> [Pattern]? {
        guard let head = row.first else { return nil }
        switch head {
        case .any: return [Pattern](repeating: .any, count: arity) + row.dropFirst()
        case let .constructor(other, arguments): return other == constructor ? arguments + row.dropFirst() : nil
        }
    }
}

extension Checker {
    /// The arm's pattern in the space of values of `type` (after checking, so variants are known).
    func patternSpace(_ pattern: PatternID, type: TypeID) -> PatternSpace.Pattern {
        switch tree.patterns[Int(pattern)] {
        case .wildcard: return .any
        case .none: return .constructor(.none, [])
        case let .literal(literal):
            if case let .bool(value) = tree.expr(literal) { return .constructor(.bool(value), []) }
            return .constructor(.literal(tree.text(tree.span(literal))), [])
        case .binding, .variant:
            guard let variant = modules[Int(m)].patternVariants[pattern] else { return .any }
            return .constructor(.record(variant), [PatternSpace.Pattern](repeating: .any, count: types.records[Int(variant)].fields.count))
        case let .record(_, fields):
            var shape = modules[Int(m)].patternVariants[pattern]
            if shape == nil {
                var target = types.resolve(type)
                if case let .optional(inner) = types.node(target) { target = types.resolve(inner) }
                if case let .record(index) = types.node(target) { shape = index }
            }
            guard let shape else { return .any }
            let record = types.records[Int(shape)]
            let given = Array(tree.fieldPatterns(fields))
            let arguments = record.fields.map { field -> PatternSpace.Pattern in
                guard let written = given.first(where: { $0.name == field.name }), written.pattern >= 0 else { return .any }
                return patternSpace(written.pattern, type: field.type)
            }
            return .constructor(.record(shape), arguments)
        }
    }
}
