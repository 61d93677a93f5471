/// Language 1.1 builtins for `dyn` values: `to_list`, `to_map` and `kind`. The collection
/// builtins (`len`, `map`, `keys`, `get`, ...) accept a `dyn` through their own
/// implementations, which dispatch on the value's run-time kind; these three convert or name it.
enum DynBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "to_list": toList,
        "to_map": toMap,
        "kind": kind,
    ]

    /// `(dyn) -> [dyn]`: a JSON array (or a query's rows); anything else is R0006.
    static func toList(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_list", 1...1)
        if case .list = args[0] { return args.take(0) }
        throw RuntimeError.wrongDynKind("to_list", expected: "a list", args[0])
    }

    /// `(dyn) -> {s:dyn}`: a JSON object (or a row); anything else is R0006.
    static func toMap(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("to_map", 1...1)
        switch args[0] {
        case .map: return args.take(0)
        case let .record(record):
            var map = MapValue()
            if record.layout.isVariant { map[.string("tag")] = .string(record.layout.name) }
            for (name, value) in zip(record.layout.fieldNames, record.fields) { map[.string(name)] = value }
            return .map(map)
        default:
            throw RuntimeError.wrongDynKind("to_map", expected: "an object", args[0])
        }
    }

    /// `(dyn) -> s`: `null bool int float string list object`.
    static func kind(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("kind", 1...1)
        return .string(args[0].dynKindName)
    }
}

extension RuntimeError {
    /// R0006 for a `dyn` of the wrong kind, naming the kind found (`found null`).
    static func wrongDynKind(_ builtin: StaticString, expected: String, _ value: Value) -> RuntimeError {
        RuntimeError(.wrongDynKind, "\(builtin): expected \(expected), found \(ConversionBuiltins.describe(value))",
                     help: ["check the value's kind first: `kind(d)` is one of \"null\", \"bool\", \"int\", \"float\", \"string\", \"list\", \"object\""])
    }
}
