import AuraDiagnostics
import AuraSyntax

/// What a name in the source stands for, the same for its definition and every use, so
/// definition, references and rename are lookups of one key.
enum SymbolTarget: Hashable, Sendable {
    case local(module: Int32, local: Int32)
    case function(module: Int32, index: Int32)
    case constant(module: Int32, index: Int32)
    /// A record type or a variant of a sum type (index into `TypeStore.records`).
    case record(Int32)
    /// A sum type (index into `TypeStore.sums`).
    case sum(Int32)
    case field(record: Int32, name: Symbol)
    /// A module reached by `use` (index into `CheckedProgram.modules`).
    case module(Int32)
    /// A builtin or capability member (index into `Builtins.entries`).
    case builtin(Int32)
}

/// One place a target's name is written: `span` covers the name only (not `util.` nor a
/// parameter's type), so a rename replaces exactly it.
struct Occurrence: Sendable {
    var span: Span
    var target: SymbolTarget
    var isDefinition: Bool
    /// A field pattern's shorthand `{ r }`: the name is both the field and the local it binds.
    var isShorthand = false
}
