import AuraDiagnostics
import AuraSema
import AuraSyntax

extension FunctionCompiler {
    /// A block's locals get registers for the block; its value is the last expression's.
    /// `valueUsed: false` (a loop body) leaves `target` as it is when the block ends in a
    /// statement, instead of loading a unit nobody reads on every iteration.
    func compileBlock(_ statements: [ExprID], into target: Int32, valueUsed: Bool = true) {
        let mark = nextRegister
        let savedRegisters = registers
        if statements.isEmpty && valueUsed { emit(.loadUnit, target) }
        for (offset, statement) in statements.enumerated() {
            let isLast = offset == statements.count - 1
            switch tree.expr(statement) {
            case .binding, .forIn, .whileLoop, .assign:
                compileStatement(statement)
                if isLast && valueUsed { emit(.loadUnit, target) }
            default:
                if isLast {
                    compile(statement, into: target)
                } else {
                    let scratch = allocate()
                    compile(statement, into: scratch)
                    nextRegister = scratch
                }
            }
        }
        registers = savedRegisters
        nextRegister = mark
    }

    func compileStatement(_ statement: ExprID) {
        let saved = currentSpan
        currentSpan = tree.span(statement)
        defer { currentSpan = saved }
        switch tree.expr(statement) {
        case let .binding(index):
            compileBinding(index)
        case let .forIn(index):
            compileFor(tree.loops[Int(index)], local: module.loopLocals[Int(index)])
        case let .whileLoop(condition, body):
            let top = here
            let exits = compileCondition(condition)
            compileLoopBody(body)
            emit(.jump, top)
            for jump in exits { patch(jump, to: here) }
        default:
            break
        }
    }

    private func compileBinding(_ index: Int32) {
        let binding = tree.bindings[Int(index)]
        let local = module.bindingLocals[Int(index)]
        if module.bindingIsAssignment[Int(index)] {
            if isCell(local) {
                let cell = allocate()
                loadRaw(local, into: cell)
                if compileUpdatingCellCall(local: local, cell: cell, value: binding.value) {
                    nextRegister = cell
                    return
                }
                let value = allocate()
                compile(binding.value, into: value)
                emit(.storeCell, cell, value)
                nextRegister = cell
                return
            }
            switch access(local) {
            case let .register(register):
                if compileUpdatingCall(local: local, register: register, value: binding.value) { return }
                if compileFieldUpdate(local: local, register: register, value: binding.value, into: register) { return }
                compile(binding.value, into: register)
            case .capture:
                break // captured non-cell locals are immutable in the lambda (the checker forbids it otherwise)
            }
            return
        }
        guard local >= 0 else { return }
        let register = allocate()
        compile(binding.value, into: register)
        registers[local] = register
        if cellLocals.contains(local) { emit(.makeCell, register) }
    }

    /// Loops test at the bottom: after the first test, one instruction per iteration moves on
    /// and jumps back (`forLoopInt`, `iterLoop`) instead of a jump to a test at the top.
    private func compileFor(_ loop: ForLoop, local: Int32) {
        let isCellVariable = cellLocals.contains(local)
        // `for i in a..b` counts in a register instead of building the list. The loop variable
        // is immutable, so it is the counter itself unless a lambda captures it in a cell.
        if case let .binary(.range, lower, upper) = tree.expr(loop.sequence) {
            let counter = allocate(), limit = allocate()
            let variable = isCellVariable ? allocate() : counter
            registers[local] = variable
            compile(lower, into: counter)
            compile(upper, into: limit)
            let exit = emit(.jumpIfNotLtInt, counter, limit)
            let top = here
            if isCellVariable {
                emit(.move, variable, counter)
                emit(.makeCell, variable)
            }
            compileLoopBody(loop.body)
            emit(.forLoopInt, counter, limit, top)
            patch(exit, to: here)
            return
        }
        let variable = allocate()
        registers[local] = variable
        let iterator = allocate(2)
        compile(loop.sequence, into: iterator)
        emit(.iterPrepare, iterator, iterator)
        let toTest = emit(.jump)
        let top = here
        if isCellVariable { emit(.makeCell, variable) }
        compileLoopBody(loop.body)
        patch(toTest, to: here)
        emit(.iterLoop, iterator, variable, top)
    }

    /// A loop body, whose value is discarded.
    private func compileLoopBody(_ body: ExprID) {
        let scratch = allocate()
        if case let .block(statements) = tree.expr(body) {
            let saved = currentSpan
            currentSpan = tree.span(body)
            compileBlock(Array(tree.children(statements)), into: scratch, valueUsed: false)
            currentSpan = saved
        } else {
            compile(body, into: scratch)
        }
        nextRegister = scratch
    }

    // MARK: Match

    func compileMatch(scrutinee: ExprID, arms: ListRef, into target: Int32) {
        let value = allocate()
        compile(scrutinee, into: value)
        var exits: [Int] = []
        let savedRegisters = registers
        for arm in tree.arms(arms) {
            let mark = nextRegister
            var failures: [Int] = []
            compilePattern(arm.pattern, value: value, failures: &failures)
            compile(arm.body, into: target)
            exits.append(emit(.jump))
            for failure in failures { patch(failure, to: here) }
            registers = savedRegisters
            nextRegister = mark
        }
        currentSpan = tree.span(scrutinee)
        emit(.matchFailed, value)
        for exit in exits { patch(exit, to: here) }
    }

    /// Emits tests that jump to `failures` when the value does not match; binds names otherwise.
    private func compilePattern(_ pattern: PatternID, value: Int32, failures: inout [Int]) {
        let saved = currentSpan
        currentSpan = tree.patternSpans[Int(pattern)]
        defer { currentSpan = saved }
        if let variant = module.patternVariants[pattern] {
            failures.append(emit(.jumpIfNone, value))
            failures.append(emit(.jumpIfNotVariant, value, variant))
        }
        switch tree.patterns[Int(pattern)] {
        case .wildcard, .variant:
            return
        case .binding where module.patternVariants[pattern] != nil:
            return
        case .binding:
            let local = module.patternLocals[Int(pattern)]
            let register = allocate()
            emit(.move, register, value)
            registers[local] = register
            if cellLocals.contains(local) { emit(.makeCell, register) }
        case .none:
            failures.append(emit(.jumpIfNotNone, value))
        case let .literal(literal):
            let expected = allocate()
            compile(literal, into: expected)
            emit(.equal, expected, expected, value)
            failures.append(emit(.jumpIfFalse, expected))
        case let .record(_, fields):
            if module.patternVariants[pattern] == nil { failures.append(emit(.jumpIfNone, value)) }
            for (offset, field) in tree.fieldPatterns(fields).enumerated() {
                let fieldValue = allocate()
                emit(.getDynField, fieldValue, value, constant(.string(program.checked.interner.name(field.name))))
                if field.pattern < 0 {
                    let local = module.fieldPatternLocals[Int(fields.start) + offset]
                    registers[local] = fieldValue
                    if cellLocals.contains(local) { emit(.makeCell, fieldValue) }
                } else {
                    compilePattern(field.pattern, value: fieldValue, failures: &failures)
                }
            }
        }
    }
}
