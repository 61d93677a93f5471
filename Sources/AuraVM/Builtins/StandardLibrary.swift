import AuraDiagnostics

/// The builtins of LANGUAGE.md §7, keyed by the name a program writes (`len`, `print!`, ...).
///
/// Overloaded builtins (`len`, `contains`, `get`, `set`, ...) dispatch on the runtime kind of
/// their first argument, which the checker guarantees matches one of the signatures in
/// `AuraSema.BuiltinTable`. Optionals are `.none` or the plain value (no wrapper).
///
/// Besides the user-visible names, the table holds three strict variants, `to_i:dyn`,
/// `to_f:dyn` and `to_b:dyn`: at run time a `dyn` holding a string is indistinguishable from
/// an `s`, so the compiler must pick these when the argument's static type is `dyn` (they fail
/// with R0006 where the plain `to_i` would parse the string into an optional).
public enum StandardLibrary {
    // `BuiltinImplementation` is not `@Sendable`, but every entry is a stateless closure and the
    // table is never mutated, so sharing it between threads is safe.
    /// Every builtin, merged from the per-concern tables.
    public static let builtins: [String: BuiltinImplementation] = {
        var all: [String: BuiltinImplementation] = [:]
        let tables = [ListBuiltins.table, ListTransformBuiltins.table, MapBuiltins.table, StringBuiltins.table,
                      MathBuiltins.table, ConversionBuiltins.table, AssertionBuiltins.table, EffectBuiltins.table,
                      DynBuiltins.table, TextBuiltins.table, SortBuiltins.table, QueryBuiltins.table]
        for table in tables {
            all.merge(table) { _, _ in preconditionFailure("a builtin is defined in two tables") }
        }
        return all
    }()

    /// The largest list or string (in elements or bytes) a single builtin call may build
    /// (`range`, `repeat`). Beyond it the call fails with R0011 instead of the process dying
    /// in the allocator; the VM's own memory cap covers growth made of many small steps.
    public static let maxCollectionCount = 1 << 26
}

/// Argument checks shared by the builtin tables.
extension Arguments {
    /// Fails (R0006) unless the argument count is in `counts`. The checker guarantees arity;
    /// this turns a mismatched call from a VM bug into an error instead of a trap.
    @inline(__always) func expect(_ builtin: StaticString, _ counts: ClosedRange<Int>) throws {
        if !counts.contains(count) {
            let wanted = counts.count == 1 ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
            throw RuntimeError(.wrongDynKind, "\(builtin) takes \(wanted) argument(s), got \(count)")
        }
    }
}

extension RuntimeError {
    /// A value of a kind no overload of `builtin` accepts (only reachable through `dyn`).
    /// The kind is named as `kind(d)` names it: a JSON `null` is "null", not "none".
    static func wrongKind(_ builtin: StaticString, _ value: Value) -> RuntimeError {
        RuntimeError(.wrongDynKind, "\(builtin) cannot take \(value.dynKindArticle) \(value.dynKindName)",
                     help: ["a `dyn` is checked when it is used: test it with `kind(d)` or convert it with `to_list(d)` / `to_map(d)`"])
    }

    /// A result too large to build in one step.
    static func tooLarge(_ builtin: StaticString, _ count: Int64) -> RuntimeError {
        RuntimeError(.memoryLimit, "\(builtin) would build \(count) elements (the limit is \(StandardLibrary.maxCollectionCount))")
    }
}

extension Value {
    /// Compares two values for sorting and `min`/`max`; values without an order fail with R0006.
    static func order(_ lhs: Value, _ rhs: Value, _ builtin: StaticString) throws -> Int {
        guard let result = compare(lhs, rhs) else {
            throw RuntimeError(.wrongDynKind, "\(builtin) cannot order a \(lhs.kindName) and a \(rhs.kindName)")
        }
        return result
    }
}

/// Moving arguments out by kind. The `.unit` assignment drops the enum's own reference to the
/// payload, so the returned list, map or string is uniquely referenced whenever the caller's
/// was, and mutating it (`push`, `set`, `concat`) does not copy.
extension Arguments {
    @inline(__always) mutating func takeList(_ index: Int, _ builtin: StaticString) throws -> [Value] {
        var value = take(index)
        guard case let .list(items) = value else { throw RuntimeError.wrongKind(builtin, value) }
        value = .unit
        return items
    }

    @inline(__always) mutating func takeMap(_ index: Int, _ builtin: StaticString) throws -> MapValue {
        var value = take(index)
        guard case let .map(map) = value else { throw RuntimeError.wrongKind(builtin, value) }
        value = .unit
        return map
    }

    @inline(__always) mutating func takeString(_ index: Int, _ builtin: StaticString) throws -> String {
        var value = take(index)
        guard case let .string(text) = value else { throw RuntimeError.wrongKind(builtin, value) }
        value = .unit
        return text
    }

    /// An integer argument (a count or an index).
    @inline(__always) func int(_ index: Int, _ builtin: StaticString) throws -> Int64 {
        guard case let .int(value) = self[index] else { throw RuntimeError.wrongKind(builtin, self[index]) }
        return value
    }

    @inline(__always) func string(_ index: Int, _ builtin: StaticString) throws -> String {
        guard case let .string(value) = self[index] else { throw RuntimeError.wrongKind(builtin, self[index]) }
        return value
    }

    @inline(__always) func list(_ index: Int, _ builtin: StaticString) throws -> [Value] {
        guard case let .list(value) = self[index] else { throw RuntimeError.wrongKind(builtin, self[index]) }
        return value
    }
}

extension Int64 {
    /// A count argument clamped to `0...limit` (`take`, `drop`).
    @inline(__always) func clamped(to limit: Int) -> Int {
        self <= 0 ? 0 : (self >= Int64(limit) ? limit : Int(self))
    }
}
