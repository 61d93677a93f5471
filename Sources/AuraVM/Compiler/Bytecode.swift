import AuraDiagnostics
import Synchronization

/// Register-machine operations. Operands `a b c d` are registers relative to the frame base
/// unless the comment says otherwise. The checker's types let the compiler pick the
/// type-specialised forms (`addInt`, `ltIntJump`), so the hot paths never inspect tags twice.
public enum Opcode: UInt8, Sendable {
    // Moves and loads.
    case move           // a = b
    case take           // a = b; b = unit (moves a uniquely referenced buffer)
    case loadConst      // a = constants[b]
    case loadInt        // a = Int64(b)
    case loadUnit, loadNone // a = unit / none
    case loadTrue, loadFalse
    case loadGlobal     // a = global b (initialised on first use)
    case loadCapture    // a = closure.captures[b]
    case makeCell       // a = Cell(a)
    case loadCell       // a = (b as Cell).value
    case storeCell      // (a as Cell).value = b
    case takeCell       // a = (b as Cell).value; the cell holds unit until the next storeCell
    // Integer arithmetic with overflow / zero checks.
    case addInt, subInt, mulInt, divInt, remInt, negInt
    case addIntConst    // a = b + c (c is an immediate)
    case subIntConst    // a = b - c (c is an immediate)
    case mulIntConst    // a = b * c (c is an immediate)
    case remIntConst    // a = b % c (c is a non-zero immediate)
    // Float arithmetic.
    case addFloat, subFloat, mulFloat, divFloat, remFloat, negFloat
    // Strings and lists.
    case concatString, concatList
    /// a = display(b) + display(b+1) ... for c parts (string interpolation).
    case interpolate
    // Generic forms for code the checker left polymorphic.
    case add, sub, mul, div, rem, neg
    // Comparisons producing bools.
    case equal, notEqual
    case ltInt, leInt, ltFloat, leFloat, lt, le
    case not
    // Control flow. Targets are absolute instruction indices.
    case jump           // pc = a
    case jumpIfFalse    // if !a { pc = b }
    case jumpIfTrue     // if a { pc = b }
    case jumpIfNone     // if a is none { pc = b }
    case jumpIfNotNone  // if a is not none { pc = b }
    case jumpIfNotVariant // if a is not a record of layout b (a variant) { pc = c }
    /// Fused integer compare-and-branch: if !(a OP b) { pc = c }.
    case jumpIfNotLtInt, jumpIfNotLeInt, jumpIfNotEqualInt
    /// The same against an immediate: if !(a OP b) { pc = c } where b is a constant
    /// (`n < 2`: no register load per test).
    case jumpIfNotLtIntConst, jumpIfNotLeIntConst, jumpIfNotGtIntConst, jumpIfNotGeIntConst, jumpIfNotEqualIntConst
    // Calls. Arguments are in registers c ..< c + d.
    case call           // a = functions[b](args)
    case callValue      // a = (value in b)(args)
    case callBuiltin    // a = builtins[b](args)
    case ret            // return a
    // Construction.
    case makeList       // a = [b ..< b + c]
    case makeMap        // a = {b: b+1, ...} for c pairs
    case makeRecord     // a = Record(layout b, fields c ..< c + layout count)
    case makeClosure    // a = Closure(function b, captures c ..< c + d)
    case withFields     // a = copy of b with fields: constants[d] lists field indices, values in c...
    /// An update of one field in place (`x = x with { f: set(x.f, ...) }`):
    case takeField      // a = (b as record).fields[c], moved out; b's record is copied first if shared
    case setField       // (a as record).fields[b] = c, moved in (a's record is unique after takeField)
    // Access.
    case getField       // a = (b as record).fields[c]
    case getDynField    // a = b[constants[c]] for dyn maps
    case index          // a = b[c]
    // Iteration: a = sequence register (list), a+1 = position.
    case iterPrepare    // a = list of b (map keys for maps), a+1 = 0
    case iterNext       // if a+1 < count(a) { b = a[a+1]; a+1 += 1 } else { pc = c }
    /// The bottom test of a loop (one dispatch per iteration instead of a test and a jump):
    case iterLoop       // if a+1 < count(a) { b = a[a+1]; a+1 += 1; pc = c }
    case forLoopInt     // a += 1; if a < b { pc = c } (a < b held before: no overflow)

    // Fused pipelines (FunctionCompiler+Pipelines.swift).
    case sumStep        // a = a + b as `sum` adds (a starts as none)
    case sumFinish      // a = 0 if a is none (the sum of an empty list)
    case appendTo       // a = push(a, b), in place
    // Failures.
    case matchFailed    // runtime error R0005 (no arm taken) on value a
}

/// One instruction: 16 bytes, so code is a flat array scanned without indirection.
public struct Instruction: Sendable {
    public var op: Opcode
    public var a: Int32
    public var b: Int32
    public var c: Int32
    public var d: Int32

    @inlinable
    public init(_ op: Opcode, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, _ d: Int32 = 0) {
        self.op = op
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}

/// A compiled function, lambda, constant initialiser, test body or `main`.
public final class FunctionProto: @unchecked Sendable {
    public let name: String
    public let arity: Int
    public internal(set) var registerCount = 0
    public internal(set) var code: [Instruction] = []
    /// Parallel to `code`: the source of each instruction (runtime errors point here).
    public internal(set) var spans: [Span] = []
    public internal(set) var constants: [Value] = []
    public internal(set) var captureCount = 0

    init(name: String, arity: Int) {
        self.name = name
        self.arity = arity
    }
}

/// A test block, ready to run.
public struct CompiledTest: Sendable {
    public let title: String
    public let module: String
    public let function: Int32
    public let span: Span
}

/// Everything the VM needs: functions, globals, builtins and record layouts.
public final class CompiledProgram: @unchecked Sendable {
    public internal(set) var functions: [FunctionProto] = []
    /// Initialiser function of each global (top-level constant).
    public internal(set) var globalInitializers: [Int32] = []
    public internal(set) var globalNames: [String] = []
    public internal(set) var layouts: [RecordLayout] = []
    /// Builtin implementations by checker builtin id.
    public internal(set) var builtinNames: [String] = []
    public internal(set) var main: Int32?
    /// Every module's `main` (module path, function) — the healer smoke-runs each.
    public internal(set) var mains: [(module: String, function: Int32)] = []
    public internal(set) var tests: [CompiledTest] = []
    public let sources: SourceMap

    init(sources: SourceMap) { self.sources = sources }

    /// Code in raw buffers for the dispatch loop, built once and shared by every VM that runs
    /// this program (a test run makes one VM per test).
    private var preparedCode: PreparedCode?
    private let preparedLock = Mutex<Void>(())

    var prepared: PreparedCode {
        preparedLock.withLock { _ in
            if let preparedCode { return preparedCode }
            let made = PreparedCode(self)
            preparedCode = made
            return made
        }
    }
}

/// Instruction buffers, constants and frame sizes of every function, ready for the VM.
///
/// Raw tables, not arrays: the dispatch loop copies its tables into locals on every entry,
/// and a builtin such as `map` enters it once per element; with arrays that was a
/// retain/release pair per table per element.
final class PreparedCode: @unchecked Sendable {
    let codes: UnsafeMutablePointer<UnsafeMutablePointer<Instruction>>
    let constantTables: UnsafeMutablePointer<UnsafeMutablePointer<Value>>
    let registerCounts: UnsafeMutablePointer<Int32>
    let arities: UnsafeMutablePointer<Int>
    private let codeCounts: [Int]
    private let constantCounts: [Int]

    init(_ program: CompiledProgram) {
        let functions = program.functions
        let count = max(1, functions.count)
        codes = .allocate(capacity: count)
        constantTables = .allocate(capacity: count)
        registerCounts = .allocate(capacity: count)
        arities = .allocate(capacity: count)
        codeCounts = functions.map(\.code.count)
        constantCounts = functions.map(\.constants.count)
        for (index, proto) in functions.enumerated() {
            let code = UnsafeMutablePointer<Instruction>.allocate(capacity: max(1, proto.code.count))
            code.initialize(from: proto.code, count: proto.code.count)
            (codes + index).initialize(to: code)
            let constants = UnsafeMutablePointer<Value>.allocate(capacity: max(1, proto.constants.count))
            constants.initialize(from: proto.constants, count: proto.constants.count)
            (constantTables + index).initialize(to: constants)
            (registerCounts + index).initialize(to: Int32(proto.registerCount))
            (arities + index).initialize(to: proto.arity)
        }
    }

    deinit {
        for index in codeCounts.indices {
            codes[index].deinitialize(count: codeCounts[index])
            codes[index].deallocate()
            constantTables[index].deinitialize(count: constantCounts[index])
            constantTables[index].deallocate()
        }
        codes.deallocate()
        constantTables.deallocate()
        registerCounts.deallocate()
        arities.deallocate()
    }
}
