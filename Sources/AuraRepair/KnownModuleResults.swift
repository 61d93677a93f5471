import AuraSema

/// Earlier per-module verification results a verification may reuse: a module whose content key
/// (its bytes and, transitively, its imports') passed before is not run again. The store lives
/// with the repository (`ModuleResults` in AuraHeal, under the git directory); tools without one
/// (the language server) pass none and run everything.
public protocol KnownModuleResults: Sendable {
    /// Content keys of every module of a checked program.
    func keys(_ program: CheckedProgram) -> [String: String]
    /// Whether this module, with this key, passed all its tests and its `main` before. (Its
    /// tests are then the ones in its syntax tree now: the key covers its bytes.)
    func passed(_ module: String, _ key: String) -> Bool
}
