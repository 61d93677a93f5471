/// What a VM with a `RuntimeRecovery` hook keeps: its own code tables (a hot swap rewrites
/// entries of them), which functions are effectful, and the arguments of the calls it could
/// re-run.
final class RecoveryState {
    let hook: RuntimeRecovery
    let codes: UnsafeMutablePointer<UnsafeMutablePointer<Instruction>>
    let constantTables: UnsafeMutablePointer<UnsafeMutablePointer<Value>>
    let registerCounts: UnsafeMutablePointer<Int32>
    let functionCount: Int
    /// Per function: a frame of it must never be re-run (`!` functions, `main`s, test bodies,
    /// and lambdas, which may perform effects when written in an effectful context).
    /// A raw table, like the code tables: the dispatch loop reads it on every call.
    let effectful: UnsafeMutablePointer<Bool>
    /// Per frame index: the arguments a pure call from effectful (or native) code was made
    /// with. Taken at the call because the callee may move them out of their registers. Each
    /// slot keeps its capacity (no allocation per call); `captured` (one flag per possible
    /// frame, read on every return) says which slots are live.
    var arguments: [[Value]] = []
    let captured: UnsafeMutablePointer<Bool>
    let frameSlots: Int
    /// The program whose spans describe the running code: the last one swapped in.
    var latest: CompiledProgram
    /// Code buffers of swapped-in programs, kept alive while their functions may run.
    var swappedIn: [PreparedCode] = []

    init(hook: RuntimeRecovery, program: CompiledProgram, prepared: PreparedCode, frameCapacity: Int) {
        self.hook = hook
        latest = program
        functionCount = program.functions.count
        let count = max(1, functionCount)
        codes = .allocate(capacity: count)
        codes.initialize(from: prepared.codes, count: functionCount)
        constantTables = .allocate(capacity: count)
        constantTables.initialize(from: prepared.constantTables, count: functionCount)
        registerCounts = .allocate(capacity: count)
        registerCounts.initialize(from: prepared.registerCounts, count: functionCount)
        let mains = Set(program.mains.map(\.function) + (program.main.map { [$0] } ?? []))
        let tests = Set(program.tests.map(\.function))
        effectful = .allocate(capacity: count)
        for (index, proto) in program.functions.enumerated() {
            let isEffectful = proto.name.hasSuffix("!") || proto.name.hasPrefix("lambda in ") || mains.contains(Int32(index)) || tests.contains(Int32(index))
            (effectful + index).initialize(to: isEffectful)
        }
        frameSlots = frameCapacity + 1
        captured = .allocate(capacity: frameSlots)
        captured.initialize(repeating: false, count: frameSlots)
    }

    deinit {
        codes.deallocate()
        constantTables.deallocate()
        registerCounts.deallocate()
        effectful.deallocate()
        captured.deallocate()
    }

    /// Keeps the arguments of frame `frame` (at `base`) when it is a call the VM could re-run:
    /// a pure callee whose caller is effectful, or native code (`caller` nil).
    func noteCall(caller: Int32?, callee: Int32, frame: Int, base: UnsafeMutablePointer<Value>, count: Int) {
        guard !effectful[Int(callee)], caller.map({ effectful[Int($0)] }) ?? true else { return }
        while arguments.count <= frame { arguments.append([]) }
        arguments[frame].removeAll(keepingCapacity: true)
        for offset in 0..<count { arguments[frame].append(base[offset]) }
        captured[frame] = true
    }

    /// The arguments kept for `frame`, if it is a call that can be re-run.
    func arguments(of frame: Int) -> [Value]? {
        frame < frameSlots && captured[frame] ? arguments[frame] : nil
    }

    /// Drops the arguments kept for a frame that returned (they would keep its values alive).
    func release(frame: Int) {
        if frame < frameSlots, captured[frame] {
            arguments[frame].removeAll(keepingCapacity: true)
            captured[frame] = false
        }
    }
}
