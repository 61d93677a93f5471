/// The signatures of AURA's builtins (LANGUAGE.md §7), written in AURA's own type syntax.
///
/// Lower-case single letters other than `i f s b` are type variables; `n` must be numeric (`i` or `f`), `o` ordered
/// (`i`, `f` or `s`), `p` addable (numbers, strings, lists). A builtin with several signatures is
/// overloaded on its first argument. Names ending in `!` are effectful; higher-order builtins are
/// effect-transparent (a call is effectful when a function argument is). A `(dyn, ...)`
/// overload comes after the static ones: the value's kind is checked at run time (R0006).
enum BuiltinTable {
    static let functions: [(String, [String])] = [
        ("len", ["([a]) -> i", "(s) -> i", "({k:v}) -> i", "(dyn) -> i"]),
        ("map", ["([a], (a) -> t) -> [t]", "(dyn, (dyn) -> t) -> [t]"]),
        ("filter", ["([a], (a) -> b) -> [a]", "(dyn, (dyn) -> b) -> [dyn]"]),
        ("where", ["([a], (a) -> b) -> [a]", "(dyn, (dyn) -> b) -> [dyn]", "(Query[r], (r) -> b) -> Query[r]"]),
        ("fold", ["([a], t, (t, a) -> t) -> t", "(dyn, t, (t, dyn) -> t) -> t"]),
        ("sum", ["([n]) -> n", "(dyn) -> dyn"]),
        ("min", ["([o]) -> o?", "(o, o) -> o"]),
        ("max", ["([o]) -> o?", "(o, o) -> o"]),
        ("sort", ["([o]) -> [o]"]),
        ("sort_by", ["([a], (a) -> o) -> [a]"]),
        ("reverse", ["([a]) -> [a]", "(s) -> s"]),
        ("take", ["([a], i) -> [a]"]),
        ("limit", ["([a], i) -> [a]", "(Query[r], i) -> Query[r]"]),
        ("drop", ["([a], i) -> [a]"]),
        ("first", ["([a]) -> a?"]),
        ("last", ["([a]) -> a?"]),
        ("contains", ["([a], a) -> b", "(s, s) -> b"]),
        ("any", ["([a], (a) -> b) -> b"]),
        ("all", ["([a], (a) -> b) -> b"]),
        ("count", ["([a], (a) -> b) -> i"]),
        ("unique", ["([a]) -> [a]"]),
        ("flat_map", ["([a], (a) -> [t]) -> [t]"]),
        ("push", ["([a], a) -> [a]"]),
        ("concat", ["([a], [a]) -> [a]", "(s, s) -> s"]),
        ("get", ["([a], i) -> a?", "({k:v}, k) -> v?", "(dyn, k) -> dyn?"]),
        ("range", ["(i, i) -> [i]"]),
        ("join", ["([s], s) -> s"]),
        ("group_by", ["([a], (a) -> k) -> {k:[a]}"]),
        ("each", ["([a], (a) -> t) -> unit", "(dyn, (dyn) -> t) -> unit"]),
        ("zip", ["([a], [t]) -> [[dyn]]"]),
        ("keys", ["({k:v}) -> [k]", "(dyn) -> [s]"]),
        ("values", ["({k:v}) -> [v]", "(dyn) -> [dyn]"]),
        ("has", ["({k:v}, k) -> b", "(dyn, k) -> b"]),
        ("set", ["({k:v}, k, v) -> {k:v}", "([a], i, a) -> [a]"]),
        ("remove", ["({k:v}, k) -> {k:v}", "([a], i) -> [a]"]),
        ("upper", ["(s) -> s"]),
        ("lower", ["(s) -> s"]),
        ("trim", ["(s) -> s"]),
        ("split", ["(s, s) -> [s]"]),
        ("starts_with", ["(s, s) -> b"]),
        ("ends_with", ["(s, s) -> b"]),
        ("replace", ["(s, s, s) -> s"]),
        ("chars", ["(s) -> [s]"]),
        ("repeat", ["(s, i) -> s", "([a], i) -> [a]"]),
        ("to_s", ["(a) -> s"]),
        ("to_i", ["(s) -> i?", "(f) -> i", "(i) -> i", "(b) -> i", "(dyn) -> i"]),
        ("to_f", ["(s) -> f?", "(i) -> f", "(f) -> f", "(dyn) -> f"]),
        ("to_b", ["(dyn) -> b", "(b) -> b", "(s) -> b?"]),
        ("abs", ["(n) -> n"]),
        ("sqrt", ["(f) -> f", "(i) -> f"]),
        ("floor", ["(f) -> i", "(i) -> i"]),
        ("ceil", ["(f) -> i", "(i) -> i"]),
        ("round", ["(f) -> i", "(i) -> i"]),
        ("pow", ["(n, n) -> n"]),
        ("assert", ["(b) -> unit", "(b, s) -> unit"]),
        ("assert_eq", ["(a, a) -> unit"]),
        ("assert_ne", ["(a, a) -> unit"]),
        ("print!", ["(a) -> unit"]),
        ("now!", ["() -> f"]),
        ("random!", ["() -> f"]),
        ("read_file!", ["(s) -> s"]),
        ("write_file!", ["(s, s) -> unit"]),
        ("env!", ["(s) -> s?"]),
        ("args!", ["() -> [s]"]),
        // Language 1.1. New names go last: a builtin's number is its position here.
        ("to_list", ["(dyn) -> [dyn]"]),
        ("to_map", ["(dyn) -> {s:dyn}"]),
        ("kind", ["(dyn) -> s"]),
        ("index_of", ["(s, s) -> i?", "([a], a) -> i?"]),
        ("slice", ["(s, i, i) -> s", "([a], i, i) -> [a]"]),
        ("ord", ["(s) -> i"]),
        ("chr", ["(i) -> s"]),
        ("pad_left", ["(s, i, s) -> s"]),
        ("pad_right", ["(s, i, s) -> s"]),
        ("to_fixed", ["(f, i) -> s"]),
        ("sort_desc", ["([o]) -> [o]"]),
        ("sort_with", ["([a], (a, a) -> b) -> [a]"]),
        // The query builder (`User | where(_.active) | order_by(_.name) | limit(10)`).
        ("order_by", ["(Query[r], (r) -> o) -> Query[r]"]),
        ("order_by_desc", ["(Query[r], (r) -> o) -> Query[r]"]),
        ("offset", ["(Query[r], i) -> Query[r]"]),
    ]

    /// Members of capability modules: `db.query!` needs `+db` in the file's header.
    static let capabilityMembers: [String: [(String, [String])]] = [
        "json": [
            ("parse", ["(s) -> dyn"]),
            ("stringify", ["(a) -> s"]),
        ],
        "db": [
            ("connect!", ["(s) -> Connection"]),
            ("query!", ["(Connection, s, [dyn]) -> [dyn]"]),
            ("execute!", ["(Connection, s, [dyn]) -> i"]),
            ("close!", ["(Connection) -> unit"]),
            ("all!", ["(Connection, Query[r]) -> [r]"]),
            ("first!", ["(Connection, Query[r]) -> r?"]),
            ("count!", ["(Connection, Query[r]) -> i"]),
            ("insert!", ["(Connection, r) -> unit"]),
            ("update!", ["(Connection, r) -> i"]),
            ("delete!", ["(Connection, Query[r]) -> i"]),
            ("sql", ["(Query[r]) -> s"]),
        ],
        "http": [
            ("get!", ["(s) -> Response"]),
            ("post!", ["(s, s) -> Response"]),
            ("request!", ["(s, s, s, {s:s}) -> Response"]),
        ],
    ]

    /// Capabilities a header may declare.
    static let capabilities = ["db", "http", "json"]

    /// The first builtin added by language 1.1 (the ones before it are 1.0's).
    static let firstOfLanguage11 = "to_list"
}

/// The builtins' signatures as text, for people and model prompts.
public enum BuiltinSignatures {
    /// `to_list(dyn) -> [dyn]`, one line per signature of each builtin language 1.1 added.
    public static var language11: [String] {
        let start = BuiltinTable.functions.firstIndex { $0.0 == BuiltinTable.firstOfLanguage11 } ?? BuiltinTable.functions.endIndex
        return BuiltinTable.functions[start...].flatMap { name, signatures in signatures.map { name + $0 } }
    }
}
