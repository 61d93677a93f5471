import AuraDiagnostics
import AuraSyntax

/// What a name or member expression refers to (for the compiler and tools).
public enum Resolution: Sendable, Equatable {
    case none
    /// A local variable or parameter: index into `CheckedModule.locals`.
    case local(Int32)
    case function(module: Int32, index: Int32)
    case constant(module: Int32, index: Int32)
    /// Index into `Builtins.entries` (plain builtins and capability members).
    case builtin(Int32)
    /// `util` in `util.name`.
    case module(Int32)
    /// A variant without fields used as a value (`Empty`): index into `TypeStore.records`.
    case variant(Int32)
    /// A table record named as a value (`User`): the query of all its rows; index into `TypeStore.records`.
    case table(Int32)
}

/// A local variable, parameter or loop variable.
public struct LocalInfo: Sendable {
    public var name: Symbol
    public var span: Span
    public var type: TypeID
    public var isVar: Bool
    /// Which function or lambda declares it (-1 for top-level bodies); differs for captures.
    public var owner: Int32
}

/// One checked file.
public struct CheckedModule: Sendable {
    public let path: String
    public let tree: SyntaxTree
    /// Alias → module index, from `use` lines.
    public internal(set) var imports: [Symbol: Int32] = [:]
    /// Parallel to `tree.exprs`.
    public internal(set) var exprTypes: [TypeID]
    /// Parallel to `tree.exprs`: for `.name`, `.member` and `.placeholder` nodes.
    public internal(set) var resolutions: [Resolution]
    /// Parallel to `tree.bindings`: true when `name = value` assigns to an existing `var`.
    public internal(set) var bindingIsAssignment: [Bool]
    /// Parallel to `tree.bindings` / `tree.loops` / `tree.params`: the local each declares.
    public internal(set) var bindingLocals: [Int32]
    public internal(set) var loopLocals: [Int32]
    public internal(set) var paramLocals: [Int32]
    /// Parallel to `tree.patterns` (binding patterns) and `tree.fieldPatterns` (shorthand fields).
    public internal(set) var patternLocals: [Int32]
    public internal(set) var fieldPatternLocals: [Int32]
    public internal(set) var locals: [LocalInfo] = []
    public internal(set) var functionTypes: [TypeID]
    public internal(set) var constantTypes: [TypeID]
    /// Record name → index into `TypeStore.records`.
    public internal(set) var recordTypes: [Symbol: Int32] = [:]
    /// Sum type name → index into `TypeStore.sums`.
    public internal(set) var sumTypes: [Symbol: Int32] = [:]
    /// Variant name → its record shape (index into `TypeStore.records`).
    public internal(set) var variants: [Symbol: Int32] = [:]
    /// Record literals that build a variant (`Circle { r: 1.0 }`, typed as the sum): expression →
    /// the variant's record index.
    public internal(set) var variantConstructions: [ExprID: Int32] = [:]
    /// Patterns that test for a variant (`Circle { r }`, `Empty`, `util.Empty`) → its record index.
    public internal(set) var patternVariants: [PatternID: Int32] = [:]
    /// `where` / `order_by` / `order_by_desc` calls on a query → their SQL meaning.
    public internal(set) var queryStages: [ExprID: QueryStage] = [:]
    public internal(set) var topLevel: [Symbol: TopLevel] = [:]
    /// Capabilities the header declares.
    public internal(set) var declaredCapabilities: [String: Span] = [:]
    public internal(set) var usedCapabilities: Set<String> = []

    public enum TopLevel: Sendable, Equatable {
        case function(Int32)
        case constant(Int32)
        case record(Int32)
        case sum(Int32)
        /// A variant of a sum type: index into `TypeStore.records`.
        case variant(Int32)
    }

    init(path: String, tree: SyntaxTree) {
        self.path = path
        self.tree = tree
        exprTypes = [TypeID](repeating: TypeStore.error, count: tree.exprs.count)
        resolutions = [Resolution](repeating: .none, count: tree.exprs.count)
        bindingIsAssignment = [Bool](repeating: false, count: tree.bindings.count)
        bindingLocals = [Int32](repeating: -1, count: tree.bindings.count)
        loopLocals = [Int32](repeating: -1, count: tree.loops.count)
        paramLocals = [Int32](repeating: -1, count: tree.params.count)
        patternLocals = [Int32](repeating: -1, count: tree.patterns.count)
        fieldPatternLocals = [Int32](repeating: -1, count: tree.fieldPatterns.count)
        functionTypes = [TypeID](repeating: TypeStore.error, count: tree.functions.count)
        constantTypes = [TypeID](repeating: TypeStore.error, count: tree.constants.count)
    }
}

/// The result of checking a project: every module, the types, and all diagnostics.
public struct CheckedProgram: Sendable {
    public let sources: SourceMap
    public let interner: Interner
    public let modules: [CheckedModule]
    public let types: TypeStore
    public let builtins: Builtins
    /// Sorted by file and position.
    public let diagnostics: [Diagnostic]
    /// Indices of the modules named as entry points (in request order).
    public let entryModules: [Int32]
    /// How long loading + parsing and checking took.
    public internal(set) var timings = Timings(parseSeconds: 0, checkSeconds: 0)

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    /// Total lines of all loaded files.
    public var lineCount: Int { sources.files.reduce(0) { $0 + $1.lineCount } }

    public func module(path: String) -> CheckedModule? { modules.first { $0.path == path } }

    /// Describes a type for messages and tools.
    public func describe(_ type: TypeID) -> String { TypePrinter.describe(type, in: types) }
}

/// Wall-clock time of the front-end phases.
public struct Timings: Sendable {
    /// Until every file was parsed and loaded; modules already loaded are checked meanwhile.
    public var parseSeconds: Double
    /// What checking took after the last file was loaded.
    public var checkSeconds: Double
}

extension Interner: @unchecked Sendable {}
