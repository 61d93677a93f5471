import AuraDiagnostics
import AuraSema
import AuraSyntax

/// Compiles one function, lambda, constant or test body. Registers follow a stack discipline:
/// locals keep theirs for their scope; temporaries are freed as soon as an expression is done.
/// Call arguments are always the highest live registers, so a callee's frame starts there.
final class FunctionCompiler {
    unowned let program: ProgramCompiler
    let moduleIndex: Int32
    let module: CheckedModule
    let tree: SyntaxTree
    let proto: FunctionProto
    let parent: FunctionCompiler?
    /// Local id → register.
    var registers: [Int32: Int32] = [:]
    /// Locals captured from enclosing functions, in capture-slot order.
    var captures: [Int32] = []
    /// `var` locals that some lambda refers to: they live in a `Cell`.
    var cellLocals: Set<Int32> = []
    var nextRegister: Int32 = 0
    var currentSpan: Span

    init(program: ProgramCompiler, module: Int32, proto: FunctionProto, parent: FunctionCompiler?) {
        self.program = program
        moduleIndex = module
        self.module = program.checked.modules[Int(module)]
        tree = self.module.tree
        self.proto = proto
        self.parent = parent
        currentSpan = Span.point(self.module.tree.file.id, 0)
    }

    var types: TypeStore { program.checked.types }

    // MARK: Emission

    @discardableResult
    func emit(_ op: Opcode, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, _ d: Int32 = 0) -> Int {
        proto.code.append(Instruction(op, a, b, c, d))
        proto.spans.append(currentSpan)
        return proto.code.count - 1
    }

    var here: Int32 { Int32(proto.code.count) }

    /// Points the jump at `index` to `target` (its target operand depends on the opcode).
    func patch(_ index: Int, to target: Int32) {
        switch proto.code[index].op {
        case .jump: proto.code[index].a = target
        case .jumpIfFalse, .jumpIfTrue, .jumpIfNone, .jumpIfNotNone: proto.code[index].b = target
        case .jumpIfNotLtInt, .jumpIfNotLeInt, .jumpIfNotEqualInt, .iterNext, .iterLoop, .forLoopInt, .jumpIfNotVariant,
             .jumpIfNotLtIntConst, .jumpIfNotLeIntConst, .jumpIfNotGtIntConst, .jumpIfNotGeIntConst, .jumpIfNotEqualIntConst:
            proto.code[index].c = target
        default: preconditionFailure("not a jump")
        }
    }

    func constant(_ value: Value) -> Int32 {
        proto.constants.append(value)
        return Int32(proto.constants.count - 1)
    }

    func allocate() -> Int32 {
        let register = nextRegister
        nextRegister += 1
        if Int(nextRegister) > proto.registerCount { proto.registerCount = Int(nextRegister) }
        return register
    }

    func allocate(_ count: Int) -> Int32 {
        let first = nextRegister
        for _ in 0..<count { _ = allocate() }
        return first
    }

    // MARK: Types

    func typeNode(_ expr: ExprID) -> TypeNode {
        types.node(types.resolved(module.exprTypes[Int(expr)]))
    }

    // MARK: Bodies

    func compileFunctionBody(params: ListRef, body: ExprID) {
        cellLocals = CellAnalysis.cellLocals(in: body, module: module)
        for (offset, _) in tree.params(params).enumerated() {
            let local = module.paramLocals[Int(params.start) + offset]
            let register = allocate()
            registers[local] = register
            if cellLocals.contains(local) { emit(.makeCell, register) }
        }
        let result = allocate()
        if !compileTailCall(body, into: result) { compile(body, into: result) }
        emit(.ret, result)
        threadJumpsToReturn()
        returnMovedValuesDirectly()
    }

    /// A `jump` whose target is a `ret` becomes that `ret` (the `then` branch of an `if` that is
    /// a function's whole body, `if n < 2 { n } else { ... }`, returns at once). Jumps are
    /// resolved by then; the `ret`'s source span stays the jump's.
    private func threadJumpsToReturn() {
        for index in proto.code.indices where proto.code[index].op == .jump {
            let target = Int(proto.code[index].a)
            if target < proto.code.count, proto.code[target].op == .ret {
                proto.code[index] = proto.code[target]
            }
        }
    }

    /// `move r, x; ret r` becomes `ret x; ret r` (a branch that returns a parameter,
    /// `if n < 2 { n }`): one dispatch less, and `ret` moves the value out of `x` as it would
    /// have out of `r`. The second `ret` stays for jumps that land on it.
    private func returnMovedValuesDirectly() {
        for index in proto.code.indices.dropLast() where proto.code[index].op == .move {
            let next = proto.code[index + 1]
            if next.op == .ret, next.a == proto.code[index].a {
                proto.code[index] = Instruction(.ret, proto.code[index].b)
            }
        }
    }

    // MARK: Locals and captures

    enum LocalAccess {
        case register(Int32)
        case capture(Int32)
    }

    /// Where a local's value (or its `Cell`) is, capturing it from enclosing functions if needed.
    func access(_ local: Int32) -> LocalAccess {
        if let register = registers[local] { return .register(register) }
        if let slot = captures.firstIndex(of: local) { return .capture(Int32(slot)) }
        captures.append(local)
        return .capture(Int32(captures.count - 1))
    }

    func isCell(_ local: Int32) -> Bool {
        var compiler: FunctionCompiler? = self
        while let current = compiler {
            if current.registers[local] != nil { return current.cellLocals.contains(local) }
            compiler = current.parent
        }
        return false
    }

    /// Loads the raw slot of a local (the `Cell` itself for cell locals).
    func loadRaw(_ local: Int32, into target: Int32) {
        switch access(local) {
        case let .register(register): if register != target { emit(.move, target, register) }
        case let .capture(slot): emit(.loadCapture, target, slot)
        }
    }

    /// Loads a local's value.
    func loadLocal(_ local: Int32, into target: Int32) {
        if isCell(local) {
            switch access(local) {
            case let .register(register): emit(.loadCell, target, register)
            case let .capture(slot):
                emit(.loadCapture, target, slot)
                emit(.loadCell, target, target)
            }
        } else {
            loadRaw(local, into: target)
        }
    }

    /// A register holding the expression's value: the local's own register when possible.
    /// The value of an integer literal that fits an instruction's immediate operand.
    func immediate(_ expr: ExprID) -> Int32? {
        guard case let .int(value) = tree.expr(expr) else { return nil }
        return Int32(exactly: value)
    }

    func operand(_ expr: ExprID) -> Int32 {
        if case let .local(local) = module.resolutions[Int(expr)], !isCell(local), case let .register(register) = access(local) {
            switch tree.expr(expr) {
            case .name, .placeholder: return register
            default: break
            }
        }
        let register = allocate()
        compile(expr, into: register)
        return register
    }
}
