import AuraDiagnostics

/// Calls AURA functions from native code (higher-order builtins such as `map` and `fold`).
public protocol FunctionCaller: AnyObject {
    /// `arguments` is consumed: the callee becomes the only owner of each value.
    func call(_ function: Value, _ arguments: consuming [Value]) throws -> Value
    /// One- and two-argument calls without an argument array (the hot path of `map`, `filter`, `fold`).
    func call1(_ function: Value, _ argument: consuming Value) throws -> Value
    func call2(_ function: Value, _ first: consuming Value, _ second: consuming Value) throws -> Value
}

extension FunctionCaller {
    public func call1(_ function: Value, _ argument: consuming Value) throws -> Value { try call(function, [argument]) }
    public func call2(_ function: Value, _ first: consuming Value, _ second: consuming Value) throws -> Value {
        try call(function, [first, second])
    }
}

/// What a builtin receives besides its arguments.
public struct BuiltinContext {
    /// `unowned(unsafe)`: the VM outlives every builtin call, and plain `unowned` costs a
    /// reference-count operation on each of the millions of calls a program makes.
    public unowned(unsafe) let caller: FunctionCaller
    public let effects: EffectHost
    /// The run's memory budget; builtins charge what they are about to allocate
    /// (`chargeMemory`, `chargeList`). Nil: unbounded (direct calls from tests).
    public unowned(unsafe) let memory: MemoryBudget?
    /// When the run's time budget ends (monotonic seconds, `VirtualMachine.now`): a builtin
    /// that can run long by itself (an SQL query) stops there. Infinity: no limit.
    public let deadline: Double

    public init(caller: FunctionCaller, effects: EffectHost, memory: MemoryBudget? = nil, deadline: Double = .infinity) {
        self.caller = caller
        self.effects = effects
        self.memory = memory
        self.deadline = deadline
    }

    public func call(_ function: Value, _ arguments: Value...) throws -> Value {
        try caller.call(function, arguments)
    }
}

/// Arguments of one builtin call. `take` moves a value out, so a builtin that returns a changed
/// copy of its argument (`push`, `set`) can mutate it in place when nothing else refers to it.
///
/// The VM passes a view of the caller's argument registers (no array is built: allocating one
/// and retaining every argument was a fifth of a map-update loop's time); the register file
/// never moves, and a builtin that calls back into the VM runs the callee above the caller's
/// frame, so the view stays valid for the whole call. Built from an array, the arguments own
/// a copy of it.
public struct Arguments {
    private let base: UnsafeMutablePointer<Value>
    public let count: Int
    /// Keeps array-backed arguments alive; nil for a view of VM registers.
    private let owner: OwnedArguments?

    public init(_ values: [Value]) {
        let owner = OwnedArguments(values)
        self.base = owner.base
        self.count = values.count
        self.owner = owner
    }

    /// A view of `count` initialised values at `registers`, which must outlive the call.
    init(registers: UnsafeMutablePointer<Value>, count: Int) {
        self.base = registers
        self.count = count
        self.owner = nil
    }

    public subscript(index: Int) -> Value {
        precondition(index >= 0 && index < count, "argument index out of range")
        return base[index]
    }

    /// The arguments as an array (copies).
    public var values: [Value] { Array(UnsafeBufferPointer(start: base, count: count)) }

    public mutating func take(_ index: Int) -> Value {
        precondition(index >= 0 && index < count, "argument index out of range")
        let value = (base + index).move()
        (base + index).initialize(to: .unit)
        return value
    }
}

/// Storage of arguments built from an array (tests, builtins called from native code).
private final class OwnedArguments {
    let base: UnsafeMutablePointer<Value>
    let count: Int
    init(_ values: [Value]) {
        count = values.count
        base = .allocate(capacity: max(count, 1))
        if count > 0 { values.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: count) } }
    }
    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// A builtin's implementation. Throw `RuntimeError` for failures (the VM adds the location).
public typealias BuiltinImplementation = @Sendable (inout Arguments, BuiltinContext) throws -> Value

/// Typed access to arguments, with the runtime errors a checked program can still hit
/// (`dyn` values of the wrong kind).
extension Value {
    @inline(__always) public func asInt(_ what: @autoclosure () -> String = "value") throws -> Int64 {
        if case let .int(i) = self { return i }
        throw RuntimeError(.wrongDynKind, "expected an integer for \(what()), found \(kindName)")
    }

    @inline(__always) public func asFloat(_ what: @autoclosure () -> String = "value") throws -> Double {
        if case let .float(f) = self { return f }
        throw RuntimeError(.wrongDynKind, "expected a float for \(what()), found \(kindName)")
    }

    @inline(__always) public func asString(_ what: @autoclosure () -> String = "value") throws -> String {
        if case let .string(s) = self { return s }
        throw RuntimeError(.wrongDynKind, "expected a string for \(what()), found \(kindName)")
    }

    @inline(__always) public func asBool(_ what: @autoclosure () -> String = "value") throws -> Bool {
        if case let .bool(b) = self { return b }
        throw RuntimeError(.wrongDynKind, "expected a bool for \(what()), found \(kindName)")
    }

    @inline(__always) public func asList(_ what: @autoclosure () -> String = "value") throws -> [Value] {
        if case let .list(items) = self { return items }
        throw RuntimeError(.wrongDynKind, "expected a list for \(what()), found \(kindName)")
    }

    @inline(__always) public func asMap(_ what: @autoclosure () -> String = "value") throws -> MapValue {
        if case let .map(map) = self { return map }
        throw RuntimeError(.wrongDynKind, "expected a map for \(what()), found \(kindName)")
    }

    /// Truthiness for predicates: only `bool` is accepted (the checker guarantees it).
    @inline(__always) public func isTrue() throws -> Bool { try asBool("a condition") }
}

/// The kind of a value without its payload. Switch on `args.kind(i)` — not on `args[i]` —
/// before `take`: a switch subject is a copy that lives through the case body, which would
/// keep the buffer shared and turn every in-place update into a full copy.
public enum ValueKind: Sendable {
    case unit, none, bool, int, float, string, list, map, record, function, object
}

extension Value {
    @inline(__always) public var kind: ValueKind {
        switch self {
        case .unit: return .unit
        case .none: return .none
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .list: return .list
        case .map: return .map
        case .record: return .record
        case .closure, .builtin: return .function
        case .object: return .object
        }
    }
}

extension Arguments {
    public func kind(_ index: Int) -> ValueKind { self[index].kind }
}
