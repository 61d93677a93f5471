extension VirtualMachine {
    /// The program whose spans and sources describe the running code (the last one swapped in).
    var spanProgram: CompiledProgram { recovery?.latest ?? program }

    /// Offers a fresh runtime error (raised in the top frame of the running dispatch loop) to
    /// the recovery hook. On success the frames above the replayed call are gone, the call's
    /// frame is back at its first instruction with its original arguments, running the new
    /// code, and the caller resumes the dispatch loop.
    ///
    /// Only frames of the current dispatch loop (down to the frame native code entered) are
    /// unwound: below that boundary a builtin such as `map` is suspended mid-iteration.
    func recover(from error: RuntimeError) -> Bool {
        guard let recovery, error.isRecoverable, frameCount > 0 else { return false }
        let top = frameCount - 1
        var entry = top
        while entry > 0 && !frames[entry].returnsToNative { entry -= 1 }
        var resumable = !recovery.effectful[Int(frames[top].function)]
        var replay = top
        if resumable {
            while replay > entry && !recovery.effectful[Int(frames[replay - 1].function)] { replay -= 1 }
        }
        let arguments = resumable ? recovery.arguments(of: replay) : nil
        if arguments == nil { resumable = false }
        let names = spanProgram.functions
        let failure = RuntimeFailure(error: error, sources: spanProgram.sources, failingFunction: names[Int(frames[top].function)].name,
                                     resumable: resumable, replayFunction: resumable ? names[Int(frames[replay].function)].name : nil,
                                     replayArguments: arguments?.map(\.debugDisplay) ?? [],
                                     replayLiterals: arguments.flatMap { values in
                                         let literals = values.compactMap(\.sourceLiteral)
                                         return literals.count == values.count ? literals : nil
                                     })
        guard let replacement = recovery.hook.replacement(for: failure) else { return false }
        guard resumable, let arguments else {
            recovery.hook.hotSwap(.refused(reason: "`\(failure.failingFunction)` is effectful: re-running it could repeat its effects"))
            return false
        }
        let swapped: [Int]
        switch hotSwap(to: replacement, runningBelow: replay) {
        case let .failure(refusal):
            recovery.hook.hotSwap(.refused(reason: refusal.reason))
            return false
        case let .success(changed):
            swapped = changed
        }
        while frameCount > replay + 1 {
            frameCount -= 1
            recovery.release(frame: frameCount)
            (frames + frameCount).deinitialize(count: 1)
        }
        let base = Int(frames[replay].base)
        do { try ensureRegisters(base + Int(registerCounts[Int(frames[replay].function)]) + 1) } catch {
            recovery.hook.hotSwap(.refused(reason: "the new code needs more registers than the stack has left"))
            return false
        }
        for (offset, value) in arguments.enumerated() { registers[base + offset] = value }
        frames[replay].pc = 0
        recovery.hook.hotSwap(.resumed(function: failure.replayFunction ?? "", swapped: swapped.map { replacement.functions[$0].name }))
        return true
    }

    struct SwapRefusal: Error {
        let reason: String
    }

    /// Swaps in the functions whose code differs in `new`, when that is safe: the same functions
    /// (names and arities, in order), builtins, constants and record types, and no changed
    /// function running in the frames below `runningBelow` (they continue with their old code
    /// positions) or a changed constant already evaluated. Returns the swapped functions.
    func hotSwap(to new: CompiledProgram, runningBelow: Int) -> Result<[Int], SwapRefusal> {
        guard let recovery else { return .failure(SwapRefusal(reason: "no recovery hook")) }
        let old = recovery.latest
        guard new.functions.count == old.functions.count,
              zip(new.functions, old.functions).allSatisfy({ $0.name == $1.name && $0.arity == $1.arity }) else {
            return .failure(SwapRefusal(reason: "the fix adds, removes or changes the signature of a function or lambda"))
        }
        guard new.builtinNames == old.builtinNames, new.globalNames == old.globalNames,
              new.globalInitializers == old.globalInitializers,
              new.layouts.count == old.layouts.count,
              zip(new.layouts, old.layouts).allSatisfy({ $0.name == $1.name && $0.fieldNames == $1.fieldNames && $0.isVariant == $1.isVariant })
        else {
            return .failure(SwapRefusal(reason: "the fix changes the builtins, constants or types the program uses"))
        }
        let changed = new.functions.indices.filter { !Self.sameCode(new.functions[$0], old.functions[$0]) }
        guard !changed.isEmpty else { return .failure(SwapRefusal(reason: "the fix changes no code the program runs")) }
        // Closures made before the swap hold the old code's captures, in the old order.
        if let lambda = changed.first(where: { new.functions[$0].captureCount > 0 || old.functions[$0].captureCount > 0 }) {
            return .failure(SwapRefusal(reason: "the fix changes `\(old.functions[lambda].name)`, a lambda that captures variables"))
        }
        for index in 0..<runningBelow where changed.contains(Int(frames[index].function)) {
            return .failure(SwapRefusal(reason: "`\(old.functions[Int(frames[index].function)].name)` changed and is still running"))
        }
        for (global, function) in new.globalInitializers.enumerated() where globals[global] != nil && changed.contains(Int(function)) {
            return .failure(SwapRefusal(reason: "constant `\(new.globalNames[global])` changed after it was evaluated"))
        }
        let prepared = new.prepared
        for index in changed {
            recovery.codes[index] = prepared.codes[index]
            recovery.constantTables[index] = prepared.constantTables[index]
            recovery.registerCounts[index] = prepared.registerCounts[index]
        }
        recovery.swappedIn.append(prepared)
        recovery.latest = new
        return .success(changed)
    }

    /// Whether two compilations of a function run the same way (spans aside: they moved with
    /// the edited text, and `spanProgram` switches to the new ones as a whole).
    static func sameCode(_ a: FunctionProto, _ b: FunctionProto) -> Bool {
        a.registerCount == b.registerCount && a.captureCount == b.captureCount && a.constants == b.constants
            && a.code.count == b.code.count
            && zip(a.code, b.code).allSatisfy { $0.op == $1.op && $0.a == $1.a && $0.b == $1.b && $0.c == $1.c && $0.d == $1.d }
    }
}
