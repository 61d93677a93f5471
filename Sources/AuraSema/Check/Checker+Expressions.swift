import AuraDiagnostics
import AuraSyntax

extension Checker {
    /// Requires `expr` to fit `expected` (with AURA's implicit conversions `T → T?`, `any → dyn`).
    /// `context` is only evaluated when there is an error to explain.
    func check(_ expr: ExprID, expected: TypeID, context: @autoclosure () -> String? = nil) {
        let actual = infer(expr, expected: expected)
        coerce(actual, to: expected, at: expr, context: context())
    }

    /// Returns false (after reporting) when `actual` cannot be used as `expected`.
    @discardableResult
    func coerce(_ actual: TypeID, to expected: TypeID, at expr: ExprID, context: @autoclosure () -> String?) -> Bool {
        let e = types.resolve(expected), a = types.resolve(actual)
        if e == a { return true }
        let en = types.node(e), an = types.node(a)
        if en == .error || an == .error { return true }
        if en == .dyn { return true }
        if case let .optional(inner) = en {
            switch an {
            case .optional, .variable: break
            default:
                if types.unify(a, inner) == nil { return true }
                reportMismatch(expected: expected, actual: actual, at: expr, context: context())
                return false
            }
        }
        if let failure = types.unify(a, e) {
            if failure == .infinite {
                error(.infiniteType, "this expression would need an infinite type", tree.span(expr), "its type contains itself",
                      help: ["a value cannot contain itself; check the arguments of recursive calls"])
            } else {
                reportMismatch(expected: expected, actual: actual, at: expr, context: context())
            }
            return false
        }
        return true
    }

    /// Infers the type of an expression. `expected` guides literals and lambdas only; callers
    /// that need the result to fit use `check`.
    @discardableResult
    func infer(_ expr: ExprID, expected: TypeID?) -> TypeID {
        switch tree.expr(expr) {
        case .int: return setType(expr, TypeStore.int)
        case .float: return setType(expr, TypeStore.float)
        case .string: return setType(expr, TypeStore.string)
        case .bool: return setType(expr, TypeStore.bool)
        case .none:
            if let expected, case .optional = types.resolvedNode(expected) { return setType(expr, expected) }
            return setType(expr, types.optional(types.fresh(level: level)))
        case let .interpolation(parts):
            for part in tree.children(parts) { infer(part, expected: nil) }
            return setType(expr, TypeStore.string)
        case let .name(symbol):
            return setType(expr, resolveName(symbol, expr, callArity: nil, expected: expected))
        case .placeholder:
            guard let local = lookupLocal(placeholder) else { return setType(expr, TypeStore.error) }
            modules[Int(m)].resolutions[Int(expr)] = .local(local.id)
            return setType(expr, local.type)
        case let .member(base, field):
            return setType(expr, inferMember(expr, base: base, field: field, callArity: nil))
        case let .index(base, index):
            return setType(expr, inferIndex(expr, base: base, index: index))
        case let .call(callee, args, _):
            return setType(expr, inferCall(expr, callee: callee, args: args, expected: expected))
        case let .unary(op, operand):
            return setType(expr, inferUnary(expr, op, operand))
        case let .binary(op, lhs, rhs):
            return setType(expr, inferBinary(expr, op, lhs, rhs, expected: expected))
        case let .lambda(params, body):
            return setType(expr, inferLambda(expr, params: params, body: body, expected: expected))
        case let .block(statements):
            return setType(expr, inferBlock(statements, expected: expected))
        case let .ifElse(condition, then, otherwise):
            return setType(expr, inferIf(expr, condition, then, otherwise, expected: expected))
        case let .match(scrutinee, arms):
            return setType(expr, inferMatch(expr, scrutinee: scrutinee, arms: arms, expected: expected))
        case let .list(items):
            var element = types.fresh(level: level)
            if let expected, case let .list(e) = types.resolvedNode(expected) { element = e }
            if let expected, case .list = types.resolvedNode(expected) {
                for item in tree.children(items) { check(item, expected: element, context: "the other list elements") }
                return setType(expr, types.list(element))
            }
            // `[1, none]` is an `[i?]`: items join like `if` branches.
            for item in tree.children(items) { element = join(element, item, context: "the other list elements") }
            return setType(expr, types.list(element))
        case let .map(items):
            var key = types.fresh(level: level), value = types.fresh(level: level)
            if let expected, case let .map(k, v) = types.resolvedNode(expected) { key = k; value = v }
            let entries = Array(tree.children(items))
            var index = 0
            while index + 1 < entries.count {
                check(entries[index], expected: key, context: "the other keys")
                check(entries[index + 1], expected: value, context: "the other values")
                index += 2
            }
            checkMapKey(key, at: expr)
            return setType(expr, types.map(key, value))
        case let .record(typeName, inits):
            return setType(expr, inferRecordLiteral(expr, typeName: tree.typeNames[Int(typeName)], inits: inits))
        case let .with(base, inits):
            return setType(expr, inferWith(expr, base: base, inits: inits))
        case let .binding(index):
            inferBinding(Int32(index))
            return setType(expr, TypeStore.unit)
        case .assign:
            return setType(expr, TypeStore.unit)
        case let .forIn(index):
            inferFor(index)
            return setType(expr, TypeStore.unit)
        case let .whileLoop(condition, body):
            check(condition, expected: TypeStore.bool, context: "a `while` condition")
            inferBlockScoped(body)
            return setType(expr, TypeStore.unit)
        case .error:
            return setType(expr, TypeStore.error)
        }
    }

    private func checkMapKey(_ key: TypeID, at expr: ExprID) {
        let k = types.resolve(key)
        switch types.node(k) {
        case .int, .string, .bool, .variable, .error: return
        default:
            error(.typeMismatch, "map keys must be `i`, `s` or `b`, not `\(describe(k))`", tree.span(expr), "unsupported key type")
        }
    }

    // MARK: Blocks and statements

    func inferBlock(_ statements: ListRef, expected: TypeID?) -> TypeID {
        let savedCount = locals.count
        blockDepth += 1
        defer {
            blockDepth -= 1
            locals.removeSubrange(savedCount...)
        }
        let items = tree.children(statements)
        var result = TypeStore.unit
        for (offset, statement) in items.enumerated() {
            let isLast = offset == items.count - 1
            statementExpr = statement
            let type = infer(statement, expected: isLast ? expected : nil)
            if isLast {
                switch tree.expr(statement) {
                case .binding, .forIn, .whileLoop: result = TypeStore.unit
                default: result = type
                }
            }
        }
        return result
    }

    /// A block whose value is discarded (loop bodies).
    func inferBlockScoped(_ body: ExprID) {
        infer(body, expected: nil)
    }

    func inferBinding(_ index: Int32) {
        let binding = tree.bindings[Int(index)]
        if !binding.isVar, let existing = lookupLocal(binding.name) {
            if existing.isVar {
                modules[Int(m)].bindingIsAssignment[Int(index)] = true
                modules[Int(m)].bindingLocals[Int(index)] = existing.id
                check(binding.value, expected: existing.type, context: "the variable's type")
                return
            }
            if existing.blockDepth < blockDepth && existing.functionDepth == functionDepth && existing.name != placeholder {
                var fixes: [Fix] = []
                if existing.declaredByBinding >= 0 {
                    let declaration = tree.bindings[Int(existing.declaredByBinding)].nameSpan
                    fixes.append(Fix(message: "declare `\(name(binding.name))` with `var`",
                                     edits: [TextEdit(span: .point(declaration.file, declaration.start), replacement: "var ")],
                                     applicability: .maybe))
                }
                error(.assignToImmutable, "cannot assign twice to immutable `\(name(binding.name))`", binding.nameSpan,
                      "assignment to an immutable binding from an outer block",
                      secondary: [Label(modules[Int(m)].locals[Int(existing.id)].span, "first bound here")],
                      notes: ["`=` inside an inner block would create a new binding that disappears at the end of the block"],
                      help: ["declare it with `var \(name(binding.name)) = ...` to make it mutable"], fixes: fixes)
                infer(binding.value, expected: nil)
                return
            }
        }
        let type = infer(binding.value, expected: nil)
        if types.resolvedNode(type) == .unit, case .ifElse = tree.expr(binding.value) {} // `x = if c {..}` without else: reported by inferIf
        let id = declareLocal(binding.name, type, isVar: binding.isVar, span: binding.nameSpan, binding: index)
        modules[Int(m)].bindingLocals[Int(index)] = id
    }

    func inferFor(_ index: Int32) {
        let loop = tree.loops[Int(index)]
        let sequence = types.resolve(infer(loop.sequence, expected: nil))
        var element: TypeID
        switch types.node(sequence) {
        case let .list(e): element = e
        case let .map(k, _): element = k
        case .dyn, .error: element = sequence
        case .variable:
            element = types.fresh(level: level)
            coerce(sequence, to: types.list(element), at: loop.sequence, context: "a `for` loop")
        default:
            error(.typeMismatch, "cannot iterate over a value of type `\(describe(sequence))`", tree.span(loop.sequence), "not a list, map or range",
                  help: ["`for` walks lists (`for x in xs`), map keys and ranges (`for i in 0..10`)"])
            element = TypeStore.error
        }
        let savedCount = locals.count
        blockDepth += 1
        let id = declareLocal(loop.name, element, isVar: false, span: loop.nameSpan)
        modules[Int(m)].loopLocals[Int(index)] = id
        infer(loop.body, expected: nil)
        blockDepth -= 1
        locals.removeSubrange(savedCount...)
    }

    func inferIf(_ expr: ExprID, _ condition: ExprID, _ then: ExprID, _ otherwise: ExprID, expected: TypeID?) -> TypeID {
        // Read before the branches are checked: they move `statementExpr` to their own statements.
        let isStatement = statementExpr == expr
        check(condition, expected: TypeStore.bool, context: "an `if` condition")
        let thenType = infer(then, expected: expected)
        guard otherwise >= 0 else {
            let t = types.resolvedNode(thenType)
            if !isStatement, t != .unit, t != .error {
                // A binding, an argument or an operand uses the value (`label = if c { "big" }`).
                error(.ifWithoutElse, "`if` without `else` used as a value", tree.span(expr), "this `if` has no `else` branch",
                      notes: ["without `else` there is no value when the condition is false"],
                      help: ["add an `else { ... }` branch that produces a `\(describe(thenType))`"])
            } else if let expected {
                let e = types.resolvedNode(expected)
                let t = types.resolvedNode(thenType)
                if e != .unit, e != .error, t != .unit, t != .error {
                    if case .variable = e {} else {
                        error(.ifWithoutElse, "`if` without `else` used as a value", tree.span(expr), "this `if` has no `else` branch",
                              notes: ["without `else` there is no value when the condition is false"],
                              help: ["add an `else { ... }` branch that produces a `\(describe(thenType))`"])
                    }
                }
            }
            return TypeStore.unit
        }
        // `else if` continues the chain: a statement chain stays a statement.
        if isStatement { statementExpr = otherwise }
        guard allowsWidening(expected) else {
            check(otherwise, expected: thenType, context: "the `if` branch")
            return thenType
        }
        return join(thenType, otherwise, context: "the `if` branch")
    }

    /// The type of an expression that must agree with `current` (another branch, arm or list
    /// item). When exactly one side is optional and the other fits inside it, the result is the
    /// optional: `if c { 1 } else { none }` is `i?`, in either order (1.1).
    func join(_ current: TypeID, _ next: ExprID, context: @autoclosure () -> String?) -> TypeID {
        let nextType = infer(next, expected: current)
        let c = types.resolve(current), n = types.resolve(nextType)
        if case let .optional(inner) = types.node(n), !isOptionalOrOpen(c), types.unify(inner, c) == nil {
            return n
        }
        coerce(nextType, to: current, at: next, context: context())
        return current
    }

    /// Whether branches may widen to an optional: not when the context requires a plain type
    /// (then a `none` branch is reported where it is written).
    func allowsWidening(_ expected: TypeID?) -> Bool {
        guard let expected else { return true }
        switch types.resolvedNode(expected) {
        case .variable, .optional: return true
        default: return false
        }
    }

    /// Optional, or not known yet: joining with those needs no widening.
    private func isOptionalOrOpen(_ type: TypeID) -> Bool {
        switch types.node(type) {
        case .optional, .variable, .error, .dyn: return true
        default: return false
        }
    }

    // MARK: Lambdas

    func inferLambda(_ expr: ExprID, params: ListRef, body: ExprID, expected: TypeID?) -> TypeID {
        var expectedParams: [TypeID]? = nil
        var expectedResult: TypeID? = nil
        if let expected, let parts = types.resolvedFunctionParts(expected), parts.params.count == Int(params.count) {
            expectedParams = Array(parts.params)
            expectedResult = parts.result
        }
        var paramTypes: [TypeID] = []
        paramTypes.reserveCapacity(Int(params.count))
        for (k, param) in tree.params(params).enumerated() {
            if param.type >= 0 {
                let written = resolveTypeExpr(param.type)
                if let expectedParams { _ = types.unify(written, expectedParams[k]) }
                paramTypes.append(written)
            } else {
                paramTypes.append(expectedParams?[k] ?? types.fresh(level: level))
            }
        }
        let savedCount = locals.count
        let savedOwner = owner
        functionDepth += 1
        owner = nextOwner
        nextOwner += 1
        for (k, param) in tree.params(params).enumerated() {
            let id = declareLocal(param.name, paramTypes[k], isVar: false, span: param.span)
            modules[Int(m)].paramLocals[Int(params.start) + k] = id
        }
        contexts.append(EffectContext(kind: .lambda))
        // A lambda's body is in statement position (`each(xs, x => if c { ... })`).
        statementExpr = body
        let result: TypeID
        if let expectedResult, isConcrete(expectedResult) {
            // Check, not just infer: a `dyn` body where `s` is expected is reported inside the
            // lambda, where the `to_s(...)` fix belongs.
            check(body, expected: expectedResult, context: "the function's expected result")
            result = expectedResult
        } else {
            result = infer(body, expected: expectedResult)
        }
        let effectful = contexts.removeLast().performedEffect
        functionDepth -= 1
        owner = savedOwner
        locals.removeSubrange(savedCount...)
        return types.function(paramTypes, result, effectful: effectful)
    }

    /// Primitive types only: those are safe to check a lambda body against directly.
    func isConcrete(_ type: TypeID) -> Bool {
        switch types.resolvedNode(type) {
        case .int, .float, .string, .bool: return true
        default: return false
        }
    }

    // MARK: Indexing

    func inferIndex(_ expr: ExprID, base: ExprID, index: ExprID) -> TypeID {
        let baseType = types.resolve(infer(base, expected: nil))
        switch types.node(baseType) {
        case let .list(element):
            check(index, expected: TypeStore.int, context: "a list index")
            return element
        case let .map(key, value):
            check(index, expected: key, context: "the map's key type")
            return value
        case .string:
            check(index, expected: TypeStore.int, context: "a string index")
            return TypeStore.string
        case .dyn:
            infer(index, expected: nil)
            return TypeStore.dyn
        case .error:
            infer(index, expected: nil)
            return TypeStore.error
        case .variable:
            let element = types.fresh(level: level)
            coerce(baseType, to: types.list(element), at: base, context: "indexing")
            check(index, expected: TypeStore.int, context: "a list index")
            return element
        case .optional:
            infer(index, expected: nil)
            error(.optionalUsedAsValue, "cannot index an optional `\(describe(baseType))`", tree.span(base), "this may be `none`",
                  help: ["unwrap it first: `(x ?? default)[i]` or `match x { none => ..., v => v[i] }`"])
            return TypeStore.error
        default:
            infer(index, expected: nil)
            error(.notIndexable, "a value of type `\(describe(baseType))` cannot be indexed", tree.span(base), "not a list, map or string")
            return TypeStore.error
        }
    }
}
