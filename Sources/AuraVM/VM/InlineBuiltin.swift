/// Builtins the dispatch loop runs itself when the arguments have the expected kinds: map
/// `get` and `set`, the two calls of the counting idiom
/// `counts = set(counts, w, (get(counts, w) ?? 0) + 1)`, list `push`, and
/// `len` (a filter on word length calls it per element). Calling them through the builtin table
/// built a `BuiltinContext` (three retains) and went through a closure per call; inline, a
/// 400k-word count spends its time hashing. Any other kind goes through the table as before,
/// so results and errors are the builtins' own.
enum InlineBuiltin: UInt8 {
    case none
    case mapGet
    case mapSet
    case listPush
    case len

    init(name: String) {
        switch name {
        case "get": self = .mapGet
        case "set": self = .mapSet
        case "push": self = .listPush
        case "len": self = .len
        default: self = .none
        }
    }
}
