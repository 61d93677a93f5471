import AuraDiagnostics
import AuraSema
import AuraSyntax

extension FunctionCompiler {
    /// Calls: static calls to top-level functions, builtins, and function values.
    func compileCall(callee: ExprID?, builtin: String? = nil, args: [ExprID], into target: Int32) {
        if let builtin, let id = program.checked.builtins.entries.firstIndex(where: { $0.displayName == builtin }) {
            let start = compileArguments(args)
            emit(.callBuiltin, target, Int32(id), start, Int32(args.count))
            return
        }
        guard let callee else { return }
        switch module.resolutions[Int(callee)] {
        case let .function(m, index):
            let start = compileArguments(args)
            emit(.call, target, program.functionIndex(module: m, index: index), start, Int32(args.count))
        case let .builtin(id):
            let start = compileArguments(args)
            emit(.callBuiltin, target, strictVariant(of: id, args: args), start, Int32(args.count))
        default:
            let function = allocate()
            compile(callee, into: function)
            let start = compileArguments(args)
            emit(.callValue, target, function, start, Int32(args.count))
        }
    }

    /// `to_i(x)` on a `dyn` must not parse strings (a `dyn` string is not a number): the
    /// runtime's strict `to_i:dyn` variant is used (and `to_s:dyn`, which rejects a null) when the argument's static type is `dyn`.
    func strictVariant(of id: Int32, args: [ExprID]) -> Int32 {
        let name = program.checked.builtins.entries[Int(id)].name
        guard ["to_i", "to_f", "to_b", "to_s"].contains(name), let first = args.first, typeNode(first) == .dyn else { return id }
        return program.runtimeBuiltin(name + ":dyn")
    }

    /// Evaluates arguments into consecutive registers at the top of the frame.
    func compileArguments(_ args: [ExprID]) -> Int32 {
        let start = allocate(args.count)
        for (offset, arg) in args.enumerated() { compile(arg, into: start + Int32(offset)) }
        return start
    }

    /// `name = f(name, ...)`: the other arguments are evaluated first, then `name`'s value is
    /// moved (not copied) into the call, so `xs = push(xs, x)`, `m = set(m, k, v)` and the
    /// counting idiom `m = set(m, k, (get(m, k) ?? 0) + 1)` update in place. Reading `name` in
    /// the other arguments is fine: what they compute is done before the move (a value that
    /// still holds the collection, such as a lambda capturing it, only makes the builtin copy —
    /// it checks uniqueness at run time). Only an argument that assigns `name` keeps the
    /// left-to-right order and so the plain call.
    func compileUpdatingCall(local: Int32, register: Int32, value: ExprID) -> Bool {
        compileMovingCall(local: local, from: .register(register), value: value, into: register)
    }

    /// `name = set(name, ...)` (or `push`, `remove`, `concat`) on a `var` a lambda captures, so
    /// held in a cell: the value is taken out of the cell for the call (the builtin holds the
    /// only reference and updates in place) and the result stored back.
    func compileUpdatingCellCall(local: Int32, cell: Int32, value: ExprID) -> Bool {
        let result = allocate()
        guard compileMovingCall(local: local, from: .cell(cell), value: value, into: result) else {
            nextRegister = result
            return false
        }
        emit(.storeCell, cell, result)
        // The cell must be the value's only holder, or the next update copies it.
        emit(.loadUnit, result)
        return true
    }

    /// A function or lambda whose whole body is `f(param, ...)` (`(acc, w) => set(acc, w, ...)`
    /// in a `fold`): the parameter's last use is that call, so its value is moved in like an
    /// updating call's and the accumulator grows in place.
    func compileTailCall(_ body: ExprID, into target: Int32) -> Bool {
        // `(acc, w) => acc with { counts: set(acc.counts, w, 1) }`: the parameter's field.
        if case let .with(base, _) = tree.expr(body), case let .local(local) = module.resolutions[Int(base)],
           let register = registers[local], !cellLocals.contains(local) {
            return compileFieldUpdate(local: local, register: register, value: body, into: target)
        }
        guard case let .call(_, argList, _) = tree.expr(body), let first = tree.children(argList).first,
              case let .local(local) = module.resolutions[Int(first)], let register = registers[local], !cellLocals.contains(local)
        else { return false }
        return compileMovingCall(local: local, from: .register(register), value: body, into: target)
    }

    /// Where the value moved into a call lives.
    private enum MovedLocal {
        case register(Int32)
        /// A captured `var`'s cell. The cell is empty while the call runs, so only builtins that
        /// never call back into AURA code (and so cannot read it) qualify.
        case cell(Int32)
    }

    /// Builtins that take a collection first and never call AURA code.
    static let updatingBuiltins: Set<String> = ["set", "push", "remove", "concat"]

    /// A builtin or function call whose first argument is local `local`: the other arguments
    /// first, then the local's value moved into the call, the result into `target`.
    private func compileMovingCall(local: Int32, from source: MovedLocal, value: ExprID, into target: Int32) -> Bool {
        guard case let .call(callee, argList, _) = tree.expr(value) else { return false }
        let args = Array(tree.children(argList))
        guard let first = args.first, case let .local(found) = module.resolutions[Int(first)], found == local else { return false }
        let call: (opcode: Opcode, index: Int32)
        switch (module.resolutions[Int(callee)], source) {
        case let (.builtin(id), .register): call = (.callBuiltin, strictVariant(of: id, args: args))
        case let (.builtin(id), .cell) where FunctionCompiler.updatingBuiltins.contains(builtinName(callee) ?? ""):
            call = (.callBuiltin, strictVariant(of: id, args: args))
        case let (.function(m, index), .register): call = (.call, program.functionIndex(module: m, index: index))
        default: return false
        }
        for other in args.dropFirst() where SyntaxWalk.assigns(other, local: local, module: module) { return false }
        let saved = currentSpan
        currentSpan = tree.span(value)
        defer { currentSpan = saved }
        let mark = nextRegister
        let start = allocate(args.count)
        for (offset, arg) in args.enumerated().dropFirst() { compile(arg, into: start + Int32(offset)) }
        switch source {
        case let .register(register): emit(.take, start, register)
        case let .cell(cell): emit(.takeCell, start, cell)
        }
        emit(call.opcode, target, call.index, start, Int32(args.count))
        nextRegister = mark
        return true
    }

    // MARK: Lambdas

    func compileLambda(params: ListRef, body: ExprID, into target: Int32) {
        let proto = program.addFunction(name: "lambda in \(self.proto.name)", arity: Int(params.count))
        let protoIndex = Int32(program.output.functions.count - 1)
        let inner = FunctionCompiler(program: program, module: moduleIndex, proto: proto, parent: self)
        inner.compileFunctionBody(params: params, body: body)
        proto.captureCount = inner.captures.count
        let start = allocate(inner.captures.count)
        for (slot, local) in inner.captures.enumerated() {
            loadRaw(local, into: start + Int32(slot))
        }
        emit(.makeClosure, target, protoIndex, start, Int32(inner.captures.count))
    }
}
