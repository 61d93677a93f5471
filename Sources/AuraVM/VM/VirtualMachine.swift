import AuraDiagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs compiled AURA code.
///
/// The register stack is one raw allocation shared by all frames (a callee's frame starts at the
/// caller's argument registers); the dispatch loop keeps `pc`, the frame base and the code
/// pointer in locals, never in properties (see docs/performance.md for why that matters).
public final class VirtualMachine: FunctionCaller {
    public let program: CompiledProgram
    public let effects: EffectHost
    public let limits: Limits
    let builtins: [BuiltinImplementation?]
    /// Per builtin id: whether the dispatch loop runs it inline (see `InlineBuiltin`).
    let inlineBuiltins: UnsafeMutablePointer<InlineBuiltin>
    // Tables of `prepared`, which outlives every use (see `PreparedCode`).
    let codes: UnsafeMutablePointer<UnsafeMutablePointer<Instruction>>
    let constantTables: UnsafeMutablePointer<UnsafeMutablePointer<Value>>
    let registerCounts: UnsafeMutablePointer<Int32>
    let arities: UnsafeMutablePointer<Int>
    /// Keeps the shared code buffers alive while this VM runs.
    let prepared: PreparedCode

    /// State of `git aura run`'s hot swap (see `RuntimeRecovery`); nil on every other run, which
    /// then pays one untaken branch per call and return.
    let recovery: RecoveryState?

    let registers: UnsafeMutablePointer<Value>
    let registerCapacity: Int
    /// Registers below this index have been initialised.
    var initializedRegisters = 0
    let frames: UnsafeMutablePointer<Frame>
    let frameCapacity: Int
    var frameCount = 0
    var globals: [Value?]
    var globalsInProgress: Set<Int32> = []

    /// Instructions left before the next budget check.
    var fuel = 0
    var instructionsUsed = 0
    var fuelChunk = 0
    let deadline: Double
    /// Allocation accounting against `limits.maxMemoryBytes` (see `MemoryBudget`).
    let memory: MemoryBudget

    /// - Parameter builtinTable: implementations by the names users write (`len`, `db.query!`).
    /// - Parameter recovery: asked for fixed code when a runtime error is raised (see `RuntimeRecovery`).
    public init(program: CompiledProgram, builtinTable: [String: BuiltinImplementation], effects: EffectHost, limits: Limits = .standard,
                recovery: RuntimeRecovery? = nil) {
        self.program = program
        self.effects = effects
        self.limits = limits
        builtins = program.builtinNames.map { builtinTable[$0] }
        // A runtime without the builtin (a restricted table) keeps refusing it.
        let inline = program.builtinNames.map { builtinTable[$0] == nil ? InlineBuiltin.none : InlineBuiltin(name: $0) }
        inlineBuiltins = .allocate(capacity: max(1, inline.count))
        inlineBuiltins.initialize(from: inline, count: inline.count)
        prepared = program.prepared
        arities = prepared.arities
        if let recovery {
            // Tables of its own, so a hot swap changes what every running dispatch loop reads
            // (they cache the table pointers) without touching the shared `prepared`.
            let state = RecoveryState(hook: recovery, program: program, prepared: prepared, frameCapacity: max(16, limits.maxCallDepth))
            self.recovery = state
            codes = state.codes
            constantTables = state.constantTables
            registerCounts = state.registerCounts
        } else {
            self.recovery = nil
            codes = prepared.codes
            constantTables = prepared.constantTables
            registerCounts = prepared.registerCounts
        }
        frameCapacity = max(16, limits.maxCallDepth)
        registerCapacity = min(1 << 24, frameCapacity * 64 + 4096)
        registers = UnsafeMutablePointer<Value>.allocate(capacity: registerCapacity)
        frames = UnsafeMutablePointer<Frame>.allocate(capacity: frameCapacity + 1)
        globals = [Value?](repeating: nil, count: program.globalInitializers.count)
        fuelChunk = min(limits.maxInstructions, 1 << 20)
        fuel = fuelChunk
        deadline = limits.timeLimit.isFinite ? VirtualMachine.now() + limits.timeLimit : .infinity
        memory = MemoryBudget(limit: limits.maxMemoryBytes)
    }

    deinit {
        inlineBuiltins.deallocate()
        registers.deinitialize(count: initializedRegisters)
        registers.deallocate()
        frames.deinitialize(count: frameCount)
        frames.deallocate()
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // MARK: Entry points

    /// Runs a zero-argument function (`main`, a test body, a constant initialiser).
    public func run(function: Int32) throws -> Value {
        let base = Int32(currentTop())
        return try invoke(function: function, closure: nil, arguments: [], base: base)
    }

    /// Runs the program's `main`.
    public func runMain() throws -> Value {
        guard let main = program.main else { return .unit }
        return try run(function: main)
    }

    /// `FunctionCaller`: builtins call AURA functions through this.
    public func call(_ function: Value, _ arguments: consuming [Value]) throws -> Value {
        switch function {
        case let .closure(closure):
            return try invoke(function: closure.function, closure: closure.captures.isEmpty ? nil : closure, arguments: arguments, base: Int32(currentTop()))
        case let .builtin(id):
            return try callBuiltin(id, arguments)
        default:
            throw RuntimeError(.wrongDynKind, "a \(function.kindName) is not a function")
        }
    }

    public func call1(_ function: Value, _ argument: consuming Value) throws -> Value {
        guard case let .closure(closure) = function, arities[Int(closure.function)] == 1 else { return try call(function, [argument]) }
        let base = currentTop()
        try ensureRegisters(base + Int(registerCounts[Int(closure.function)]) + 1)
        // `consume`: the parameter would otherwise keep a second reference until this returns,
        // and the callee could not update a passed collection in place.
        registers[base] = consume argument
        return try enter(function: closure.function, closure: closure.captures.isEmpty ? nil : closure, base: Int32(base))
    }

    public func call2(_ function: Value, _ first: consuming Value, _ second: consuming Value) throws -> Value {
        guard case let .closure(closure) = function, arities[Int(closure.function)] == 2 else { return try call(function, [first, second]) }
        let base = currentTop()
        try ensureRegisters(base + Int(registerCounts[Int(closure.function)]) + 2)
        registers[base] = consume first
        registers[base + 1] = consume second
        return try enter(function: closure.function, closure: closure.captures.isEmpty ? nil : closure, base: Int32(base))
    }

    func callBuiltin(_ id: Int32, _ values: [Value]) throws -> Value {
        guard let implementation = builtins[Int(id)] else {
            throw RuntimeError(.sandboxDenied, "`\(program.builtinNames[Int(id)])` is not available in this runtime")
        }
        var arguments = Arguments(values)
        return try implementation(&arguments, BuiltinContext(caller: self, effects: effects, memory: memory, deadline: deadline))
    }

    /// First free register above the running frame.
    func currentTop() -> Int {
        guard frameCount > 0 else { return 0 }
        let frame = frames[frameCount - 1]
        return Int(frame.base) + Int(registerCounts[Int(frame.function)])
    }

    /// Makes sure registers up to `top` are initialised (lazily: startup touches no memory).
    @inline(__always)
    func ensureRegisters(_ top: Int) throws {
        if top > initializedRegisters {
            guard top <= registerCapacity else {
                throw RuntimeError(.stackOverflow, "stack overflow: the program's call stack outgrew its \(registerCapacity) registers",
                                   help: ["check for recursion that never reaches its base case"])
            }
            let grow = max(top, min(registerCapacity, initializedRegisters * 2 + 1024))
            (registers + initializedRegisters).initialize(repeating: .unit, count: grow - initializedRegisters)
            initializedRegisters = grow
        }
    }

    /// Pushes a frame for a call from native code and runs it to completion.
    func invoke(function: Int32, closure: Closure?, arguments: consuming [Value], base: Int32) throws -> Value {
        guard arguments.count == arities[Int(function)] else {
            throw RuntimeError(.wrongDynKind, "`\(program.functions[Int(function)].name)` takes \(arities[Int(function)]) arguments but was given \(arguments.count)")
        }
        try ensureRegisters(Int(base) + Int(registerCounts[Int(function)]) + 1)
        for (offset, argument) in arguments.enumerated() { registers[Int(base) + offset] = argument }
        arguments = [] // the registers are now the only owners
        return try enter(function: function, closure: closure, base: base)
    }

    /// Runs `function` whose arguments are already in the registers at `base`.
    func enter(function: Int32, closure: Closure?, base: Int32) throws -> Value {
        guard frameCount < frameCapacity else { throw stackOverflowError() }
        try ensureRegisters(Int(base) + Int(registerCounts[Int(function)]) + 1)
        let resultRegister = base + registerCounts[Int(function)]
        (frames + frameCount).initialize(to: Frame(function: function, pc: 0, base: base, returnRegister: resultRegister,
                                                   closure: closure, returnsToNative: true))
        frameCount += 1
        let entryDepth = frameCount
        recovery?.noteCall(caller: nil, callee: function, frame: frameCount - 1, base: registers + Int(base), count: arities[Int(function)])
        do {
            return try execute()
        } catch let error as RuntimeError {
            // Unwind the frames this native entry pushed (execute leaves them for the trace).
            while frameCount >= entryDepth {
                frameCount -= 1
                (frames + frameCount).deinitialize(count: 1)
            }
            throw error
        }
    }

    func stackOverflowError() -> RuntimeError {
        RuntimeError(.stackOverflow, "stack overflow: more than \(frameCapacity) nested calls",
                     help: ["check for recursion that never reaches its base case"])
    }

    /// Evaluates a top-level constant on first use.
    func global(_ index: Int32) throws -> Value {
        if let value = globals[Int(index)] { return value }
        guard !globalsInProgress.contains(index) else {
            throw RuntimeError(.stackOverflow, "constant `\(program.globalNames[Int(index)])` depends on itself")
        }
        globalsInProgress.insert(index)
        defer { globalsInProgress.remove(index) }
        let value = try invoke(function: program.globalInitializers[Int(index)], closure: nil, arguments: [], base: Int32(currentTop()))
        globals[Int(index)] = value
        return value
    }

    /// Called when `fuel` runs out: charges the chunk and checks every budget.
    func refuel() throws {
        instructionsUsed += fuelChunk
        if instructionsUsed >= limits.maxInstructions {
            throw RuntimeError(.instructionBudget, "instruction budget exhausted after \(limits.maxInstructions) instructions",
                               help: ["the program may loop forever; raise the limit with --max-instructions"])
        }
        if VirtualMachine.now() > deadline {
            throw RuntimeError(.timeLimit, "time limit of \(limits.timeLimit) s exceeded",
                               help: ["the program may loop forever; raise the limit with --timeout"])
        }
        try memory.measure(adding: 0)
        fuel = min(fuelChunk, limits.maxInstructions - instructionsUsed)
    }

}
