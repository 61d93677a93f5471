import AuraDiagnostics
import AuraSema
import AuraSyntax

extension FunctionCompiler {
    /// Compiles `expr` so that its value ends up in `target`.
    func compile(_ expr: ExprID, into target: Int32) {
        let savedSpan = currentSpan
        currentSpan = tree.span(expr)
        defer { currentSpan = savedSpan }
        let mark = nextRegister
        switch tree.expr(expr) {
        case let .int(value):
            if let small = Int32(exactly: value) { emit(.loadInt, target, small) } else { emit(.loadConst, target, constant(.int(value))) }
        case let .float(value): emit(.loadConst, target, constant(.float(value)))
        case let .string(index): emit(.loadConst, target, constant(.string(tree.strings[Int(index)])))
        case let .bool(value): emit(value ? .loadTrue : .loadFalse, target)
        case .none: emit(.loadNone, target)
        case .error: emit(.loadUnit, target)
        case let .interpolation(parts):
            let items = Array(tree.children(parts))
            let start = allocate(items.count)
            for (offset, part) in items.enumerated() { compile(part, into: start + Int32(offset)) }
            emit(.interpolate, target, start, Int32(items.count))
        case .name, .placeholder:
            compileReference(expr, into: target)
        case let .member(base, field):
            compileMember(expr, base: base, field: field, into: target)
        case let .index(base, index):
            let b = operand(base), i = operand(index)
            emit(.index, target, b, i)
        case let .call(callee, args, _):
            if let stage = module.queryStages[expr] {
                compileQueryStage(stage, callee: callee, args: Array(tree.children(args)), into: target)
            } else if !compileFusedPipeline(expr, into: target) {
                compileCall(callee: callee, args: Array(tree.children(args)), into: target)
            }
        case let .unary(op, operand):
            let value = self.operand(operand)
            switch op {
            case .not: emit(.not, target, value)
            case .negate:
                switch typeNode(expr) {
                case .int: emit(.negInt, target, value)
                case .float: emit(.negFloat, target, value)
                default: emit(.neg, target, value)
                }
            }
        case let .binary(op, lhs, rhs):
            compileBinary(expr, op, lhs, rhs, into: target)
        case let .lambda(params, body):
            compileLambda(params: params, body: body, into: target)
        case let .block(statements):
            compileBlock(Array(tree.children(statements)), into: target)
        case let .ifElse(condition, then, otherwise):
            var exits: [Int] = []
            let toElse = compileCondition(condition)
            compile(then, into: target)
            exits.append(emit(.jump))
            let elseStart = here
            for jump in toElse { patch(jump, to: elseStart) }
            if otherwise >= 0 { compile(otherwise, into: target) } else { emit(.loadUnit, target) }
            for jump in exits { patch(jump, to: here) }
        case let .match(scrutinee, arms):
            compileMatch(scrutinee: scrutinee, arms: arms, into: target)
        case let .list(items):
            let values = Array(tree.children(items))
            let start = allocate(values.count)
            for (offset, item) in values.enumerated() { compile(item, into: start + Int32(offset)) }
            emit(.makeList, target, start, Int32(values.count))
        case let .map(items):
            let values = Array(tree.children(items))
            let start = allocate(values.count)
            for (offset, item) in values.enumerated() { compile(item, into: start + Int32(offset)) }
            emit(.makeMap, target, start, Int32(values.count / 2))
        case let .record(_, inits):
            compileRecord(expr, inits: inits, into: target)
        case let .with(base, inits):
            compileWith(expr, base: base, inits: inits, into: target)
        case .binding, .assign, .forIn, .whileLoop:
            compileStatement(expr)
            emit(.loadUnit, target)
        }
        nextRegister = mark
    }

    // MARK: Names

    func compileReference(_ expr: ExprID, into target: Int32) {
        switch module.resolutions[Int(expr)] {
        case let .local(local): loadLocal(local, into: target)
        case let .function(m, index):
            emit(.makeClosure, target, program.functionIndex(module: m, index: index), 0, 0)
        case let .constant(m, index): emit(.loadGlobal, target, program.globalIndex(module: m, index: index))
        case let .builtin(id): emit(.loadConst, target, constant(.builtin(id)))
        case let .variant(index):
            // A variant without (required) fields is one shared immutable value.
            let layout = program.output.layouts[Int(index)]
            let value = RecordValue(layout: layout, fields: [Value](repeating: .none, count: layout.fieldNames.count))
            emit(.loadConst, target, constant(.record(value)))
        case let .table(index):
            // Every row of the table: one shared immutable query value.
            emit(.loadConst, target, constant(.object(QueryValue(layout: program.output.layouts[Int(index)]))))
        case .module, .none: emit(.loadUnit, target)
        }
    }

    func compileMember(_ expr: ExprID, base: ExprID, field: Symbol, into target: Int32) {
        switch module.resolutions[Int(expr)] {
        case .function, .constant, .builtin, .variant, .table:
            compileReference(expr, into: target)
            return
        default: break
        }
        let b = operand(base)
        let fieldName = program.checked.interner.name(field)
        if case let .record(index) = types.node(types.resolved(module.exprTypes[Int(base)])),
           let position = program.output.layouts[Int(index)].index(of: fieldName) {
            emit(.getField, target, b, Int32(position))
        } else {
            emit(.getDynField, target, b, constant(.string(fieldName)))
        }
    }

    // MARK: Operators

    func compileBinary(_ expr: ExprID, _ op: BinaryOp, _ lhs: ExprID, _ rhs: ExprID, into target: Int32) {
        switch op {
        case .and, .or:
            compile(lhs, into: target)
            let skip = emit(op == .and ? .jumpIfFalse : .jumpIfTrue, target)
            compile(rhs, into: target)
            patch(skip, to: here)
            return
        case .coalesce:
            compile(lhs, into: target)
            let skip = emit(.jumpIfNotNone, target)
            compile(rhs, into: target)
            patch(skip, to: here)
            return
        case .range:
            compileCall(callee: nil, builtin: "range", args: [lhs, rhs], into: target)
            return
        default: break
        }
        let operandType = typeNode(lhs)
        if operandType == .int, let k = immediate(rhs) {
            switch op {
            case .add: emit(.addIntConst, target, operand(lhs), k); return
            case .subtract: emit(.subIntConst, target, operand(lhs), k); return
            case .multiply: emit(.mulIntConst, target, operand(lhs), k); return
            // `% 0` keeps the register form, which reports the division by zero.
            case .remainder where k != 0: emit(.remIntConst, target, operand(lhs), k); return
            default: break
            }
        }
        let a = operand(lhs), b = operand(rhs)
        switch op {
        case .add:
            switch operandType {
            case .int: emit(.addInt, target, a, b)
            case .float: emit(.addFloat, target, a, b)
            case .string: emit(.concatString, target, a, b)
            case .list: emit(.concatList, target, a, b)
            default: emit(.add, target, a, b)
            }
        case .subtract: emit(arith(operandType, .subInt, .subFloat, .sub), target, a, b)
        case .multiply: emit(arith(operandType, .mulInt, .mulFloat, .mul), target, a, b)
        case .divide: emit(arith(operandType, .divInt, .divFloat, .div), target, a, b)
        case .remainder: emit(arith(operandType, .remInt, .remFloat, .rem), target, a, b)
        case .equal: emit(.equal, target, a, b)
        case .notEqual: emit(.notEqual, target, a, b)
        case .less: emit(arith(operandType, .ltInt, .ltFloat, .lt), target, a, b)
        case .lessEqual: emit(arith(operandType, .leInt, .leFloat, .le), target, a, b)
        case .greater: emit(arith(operandType, .ltInt, .ltFloat, .lt), target, b, a)
        case .greaterEqual: emit(arith(operandType, .leInt, .leFloat, .le), target, b, a)
        default: break
        }
    }

    private func arith(_ type: TypeNode, _ int: Opcode, _ float: Opcode, _ generic: Opcode) -> Opcode {
        switch type {
        case .int: return int
        case .float: return float
        default: return generic
        }
    }

    /// Emits a test of a condition and returns the jumps taken when it is false.
    func compileCondition(_ condition: ExprID) -> [Int] {
        let mark = nextRegister
        defer { nextRegister = mark }
        let saved = currentSpan
        currentSpan = tree.span(condition)
        defer { currentSpan = saved }
        if case let .binary(op, lhs, rhs) = tree.expr(condition), typeNode(lhs) == .int, let k = immediate(rhs) {
            let opcode: Opcode?
            switch op {
            case .less: opcode = .jumpIfNotLtIntConst
            case .lessEqual: opcode = .jumpIfNotLeIntConst
            case .greater: opcode = .jumpIfNotGtIntConst
            case .greaterEqual: opcode = .jumpIfNotGeIntConst
            case .equal: opcode = .jumpIfNotEqualIntConst
            default: opcode = nil
            }
            if let opcode { return [emit(opcode, operand(lhs), k)] }
        }
        if case let .binary(op, lhs, rhs) = tree.expr(condition), typeNode(lhs) == .int {
            switch op {
            case .less: let a = operand(lhs), b = operand(rhs); return [emit(.jumpIfNotLtInt, a, b)]
            case .lessEqual: let a = operand(lhs), b = operand(rhs); return [emit(.jumpIfNotLeInt, a, b)]
            case .greater: let a = operand(lhs), b = operand(rhs); return [emit(.jumpIfNotLtInt, b, a)]
            case .greaterEqual: let a = operand(lhs), b = operand(rhs); return [emit(.jumpIfNotLeInt, b, a)]
            case .equal: let a = operand(lhs), b = operand(rhs); return [emit(.jumpIfNotEqualInt, a, b)]
            default: break
            }
        }
        if case let .binary(.and, lhs, rhs) = tree.expr(condition) {
            return compileCondition(lhs) + compileCondition(rhs)
        }
        let value = operand(condition)
        return [emit(.jumpIfFalse, value)]
    }

    // MARK: Records

    func compileRecord(_ expr: ExprID, inits: ListRef, into target: Int32) {
        guard let index = module.variantConstructions[expr] ?? recordIndex(of: expr) else { emit(.loadUnit, target); return }
        let layout = program.output.layouts[Int(index)]
        let start = allocate(layout.fieldNames.count)
        let given = Array(tree.fieldInits(inits))
        for (position, name) in layout.fieldNames.enumerated() {
            if let item = given.first(where: { program.checked.interner.name($0.name) == name }) {
                compile(item.value, into: start + Int32(position))
            } else {
                emit(.loadNone, start + Int32(position))
            }
        }
        emit(.makeRecord, target, index, start)
    }

    private func recordIndex(of expr: ExprID) -> Int32? {
        if case let .record(index) = typeNode(expr) { return index }
        return nil
    }

    func compileWith(_ expr: ExprID, base: ExprID, inits: ListRef, into target: Int32) {
        guard case let .record(index) = typeNode(expr) else { compile(base, into: target); return }
        let layout = program.output.layouts[Int(index)]
        let b = operand(base)
        let items = Array(tree.fieldInits(inits))
        let start = allocate(items.count)
        var positions: [Value] = []
        for (offset, item) in items.enumerated() {
            compile(item.value, into: start + Int32(offset))
            positions.append(.int(Int64(layout.index(of: program.checked.interner.name(item.name)) ?? 0)))
        }
        emit(.withFields, target, b, start, constant(.list(positions)))
    }
}
