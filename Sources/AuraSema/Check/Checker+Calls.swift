import AuraDiagnostics
import AuraSyntax

extension Checker {
    func inferCall(_ expr: ExprID, callee: ExprID, args: ListRef, expected: TypeID?) -> TypeID {
        let argList = Array(tree.children(args))
        // Builtins (plain and capability members) are resolved here because they may be overloaded.
        if let builtin = builtinCallee(callee) {
            return inferBuiltinCall(expr, builtin, argList, expected: expected)
        }
        let calleeType: TypeID
        var userFunction: (module: Int32, index: Int32)? = nil
        switch tree.expr(callee) {
        case let .name(symbol):
            calleeType = setType(callee, resolveName(symbol, callee, callArity: argList.count))
        case let .member(base, field):
            calleeType = setType(callee, inferMember(callee, base: base, field: field, callArity: argList.count))
        default:
            calleeType = infer(callee, expected: nil)
        }
        if case let .function(module, index) = modules[Int(m)].resolutions[Int(callee)] { userFunction = (module, index) }
        var resolved = types.resolve(calleeType)
        switch types.node(resolved) {
        case .error:
            for arg in argList { infer(arg, expected: nil) }
            return TypeStore.error
        case .variable:
            let fresh = types.function(argList.map { _ in types.fresh(level: level) }, types.fresh(level: level), effectful: false)
            _ = types.unify(resolved, fresh)
            resolved = fresh
        default: break
        }
        guard let parts = types.resolvedFunctionParts(resolved) else {
            for arg in argList { infer(arg, expected: nil) }
            // Dropping the call is one guess among several (a missing operator, a shadowed
            // function): a placeholder for the editor, never a heal candidate.
            let calleeSpan = tree.span(callee), call = tree.span(expr)
            error(.notAFunction, "`\(tree.text(calleeSpan))` is not a function", calleeSpan, "has type `\(describe(resolved))`",
                  help: ["only functions and lambdas can be called"],
                  fixes: [Fix(message: "use `\(tree.text(calleeSpan))` as a value", edits: [TextEdit(span: Span(file: call.file, start: calleeSpan.end, end: call.end), replacement: "")],
                              applicability: .placeholder)])
            return TypeStore.error
        }
        let params = Array(parts.params)
        var calleeName: String { tree.text(tree.span(callee)) }
        if params.count != argList.count {
            reportArity(expr, callee: calleeName, expected: params.count, given: argList.count, args: argList, userFunction: userFunction, paramTypes: params)
        }
        for (k, arg) in argList.enumerated() {
            if k < params.count {
                check(arg, expected: params[k], context: "parameter \(k + 1) of `\(calleeName)`")
            } else {
                infer(arg, expected: nil)
            }
        }
        if parts.effectful {
            performEffect(at: tree.span(expr), "`\(calleeName)` performs an effect")
        } else if let userFunction, !modules[Int(userFunction.module)].tree.functions[Int(userFunction.index)].isEffectful {
            for arg in argList where isEffectfulFunction(modules[Int(m)].exprTypes[Int(arg)]) {
                let target = modules[Int(userFunction.module)].tree.functions[Int(userFunction.index)]
                let index = diagnostics.count
                error(.effectInPureContext, "effectful function passed to pure function `\(calleeName)`", tree.span(arg), "this function performs effects",
                      notes: ["a function that receives an effectful function must itself be effectful"],
                      help: ["rename `\(name(target.name))` to `\(name(target.name))!` (and its callers)"])
                pendingRenames.append((index, userFunction.module, userFunction.index))
            }
        } else if case let .name(symbol) = tree.expr(callee), name(symbol).hasSuffix("!") {
            performEffect(at: tree.span(expr), "`\(calleeName)` performs an effect")
        }
        return parts.result
    }

    func isEffectfulFunction(_ type: TypeID) -> Bool {
        types.resolvedFunctionParts(type)?.effectful ?? false
    }

    /// The builtin a callee names, if any (and records the capability use for `db.x`).
    private func builtinCallee(_ callee: ExprID) -> BuiltinEntry? {
        switch tree.expr(callee) {
        case let .name(symbol):
            guard lookupLocal(symbol) == nil, modules[Int(m)].topLevel[symbol] == nil, let entry = builtins.lookup(symbol) else { return nil }
            modules[Int(m)].resolutions[Int(callee)] = .builtin(entry.id)
            return entry
        case let .member(base, field):
            guard case let .name(baseName) = tree.expr(base), lookupLocal(baseName) == nil, modules[Int(m)].topLevel[baseName] == nil,
                  modules[Int(m)].imports[baseName] == nil else { return nil }
            let capability = name(baseName)
            guard BuiltinTable.capabilities.contains(capability), let entry = builtins.lookup(capability: capability, member: field) else { return nil }
            useCapability(capability, at: tree.span(callee))
            modules[Int(m)].resolutions[Int(callee)] = .builtin(entry.id)
            return entry
        default:
            return nil
        }
    }

    private func inferBuiltinCall(_ expr: ExprID, _ entry: BuiltinEntry, _ args: [ExprID], expected: TypeID?) -> TypeID {
        var overloadIndex = 0
        var firstType: TypeID? = nil
        if entry.overloads.count > 1, let first = args.first {
            let inferred = types.resolve(infer(first, expected: nil))
            firstType = inferred
            // Among the overloads of the call's arity (all of them if none has it), the first
            // whose first parameter fits; else the first of the pool.
            let anyOfArity = entry.arities.contains(args.count)
            var fallback: Int? = nil
            var chosen: Int? = nil
            for index in entry.overloads.indices where !anyOfArity || entry.arities[index] == args.count {
                if fallback == nil { fallback = index }
                if fits(inferred, entry.firstParameters[index]) { chosen = index; break }
            }
            overloadIndex = chosen ?? fallback ?? 0
        } else if entry.queryRole == .sort, let first = args.first {
            let inferred = types.resolve(infer(first, expected: nil))
            firstType = inferred
            if reportUnsortable(inferred, entry.name, at: first) {
                for arg in args.dropFirst() { infer(arg, expected: nil) }
                return TypeStore.error
            }
        }
        let overload = entry.overloads[overloadIndex]
        let instance = types.instantiate(overload, level: level)
        let parts = types.resolvedFunctionParts(instance)!
        let params = Array(parts.params)
        // Let the expected result flow into the arguments (`names: [s] = rows | map(_.name)`
        // then reports the `dyn` inside the lambda, where a `to_s` fix belongs). Only when the
        // shapes agree, so a mismatch is still reported at the call as a whole.
        // `dyn` overloads (1.1) do not count: they are chosen only for a `dyn` argument.
        if let expected, !entry.dynOverloads[overloadIndex], entry.dynOverloads.lazy.filter({ !$0 }).count == 1, shapesAgree(parts.result, expected) {
            _ = types.unify(parts.result, expected)
        }
        if params.count != args.count {
            reportArity(expr, callee: entry.displayName, expected: params.count, given: args.count, args: args, userFunction: nil, paramTypes: params,
                        alternatives: entry.overloads.count > 1 ? entry.overloads.map(describe) : [])
        }
        for (k, arg) in args.enumerated() {
            if k == 0, let firstType {
                if k < params.count { coerce(firstType, to: params[0], at: arg, context: "parameter 1 of `\(entry.displayName)`") }
            } else if k < params.count {
                check(arg, expected: params[k], context: "parameter \(k + 1) of `\(entry.displayName)`")
            } else {
                infer(arg, expected: nil)
            }
        }
        if entry.queryRole != .none { checkQueryCall(expr, entry, args) }
        let transparentEffect = args.contains { isEffectfulFunction(modules[Int(m)].exprTypes[Int($0)]) }
        if entry.isEffectful {
            performEffect(at: tree.span(expr), "`\(entry.displayName)` performs an effect")
        } else if transparentEffect {
            performEffect(at: tree.span(expr), "`\(entry.displayName)` is given an effectful function")
        }
        return parts.result
    }

    /// Same outer structure, and the expectation is not `dyn` or optional (those convert implicitly).
    private func shapesAgree(_ result: TypeID, _ expected: TypeID) -> Bool {
        switch (types.resolvedNode(result), types.resolvedNode(expected)) {
        case (.list, .list), (.map, .map): return true
        default: return false
        }
    }

    /// Whether an argument's type matches an overload's parameter by shape.
    private func fits(_ argument: TypeID, _ parameter: TypeID) -> Bool {
        let a = types.resolvedNode(argument), p = types.resolvedNode(parameter)
        switch (a, p) {
        case (.variable, _), (.error, _): return true
        case (_, .variable): return true
        case (.list, .list), (.map, .map), (.optional, .optional), (.record, .record), (.sum, .sum), (.function, .function),
             (.query, .query): return true
        default: return a == p
        }
    }

    private func reportArity(_ expr: ExprID, callee: String, expected: Int, given: Int, args: [ExprID], userFunction: (module: Int32, index: Int32)?,
                             paramTypes: [TypeID], alternatives: [String] = []) {
        let span: Span
        if given > expected, expected < args.count {
            span = tree.span(args[expected]).merged(with: tree.span(args[args.count - 1]))
        } else {
            span = tree.span(expr)
        }
        var secondary: [Label] = []
        if let userFunction {
            let decl = modules[Int(userFunction.module)].tree.functions[Int(userFunction.index)]
            secondary.append(Label(decl.nameSpan, "`\(name(decl.name))` is defined here"))
        }
        let plural = { (n: Int) in n == 1 ? "1 argument" : "\(n) arguments" }
        var fixes: [Fix] = []
        if given > expected, expected < args.count {
            // Dropping trailing extra arguments is a guess: offer it, never as safe.
            let start = expected == 0 ? tree.span(args[0]).start : tree.span(args[expected - 1]).end
            fixes.append(Fix(message: "remove the extra \(given - expected == 1 ? "argument" : "arguments")",
                             edits: [TextEdit(span: Span(file: span.file, start: start, end: tree.span(args[args.count - 1]).end), replacement: "")],
                             applicability: .maybe))
        }
        let call = tree.span(expr), text = Array(tree.text(call).utf8)
        if given < expected, text.last == UInt8(ascii: ")") {
            // The missing values are unknown: placeholders for the editor, never a heal candidate.
            let empty = text.dropLast().last { $0 != 0x20 && $0 != 0x09 } == UInt8(ascii: "(")
            let holes = Array(repeating: "???", count: expected - given).joined(separator: ", ")
            let written = tree.text(call)
            let filled = String(written.dropLast()) + (empty ? "" : ", ") + holes + ")"
            fixes.append(Fix(message: "pass the missing \(expected - given == 1 ? "argument" : "arguments"): `\(filled)`",
                             edits: [TextEdit(span: .point(call.file, call.end - 1), replacement: (empty ? "" : ", ") + holes)],
                             applicability: .placeholder))
        }
        error(.wrongArgumentCount, "`\(callee)` takes \(plural(expected)) but \(given == 1 ? "1 was" : "\(given) were") given", span,
              given > expected ? "unexpected \(given - expected == 1 ? "argument" : "arguments")" : "expected \(plural(expected))",
              secondary: secondary,
              notes: alternatives.isEmpty ? ["the signature is `(\(paramTypes.map(describe).joined(separator: ", ")))`"]
                  : ["`\(callee)` accepts: " + alternatives.map { "`\($0)`" }.joined(separator: ", ")],
              fixes: fixes)
    }
}

extension Checker {
    /// `sort` orders numbers and strings only; a list of lists, records or maps is reported
    /// with the builtin that takes the key, instead of a kind mismatch deep in inference.
    func reportUnsortable(_ list: TypeID, _ builtin: String, at arg: ExprID) -> Bool {
        guard case let .list(element) = types.resolvedNode(list) else { return false }
        let resolved = types.resolve(element)
        switch types.node(resolved) {
        case .list, .record, .sum, .map, .bool, .optional, .function, .dyn: break
        default: return false
        }
        error(.badOperands, "`\(builtin)` cannot order values of type `\(describe(resolved))`", tree.span(arg), "a list of `\(describe(resolved))`",
              notes: ["`\(builtin)` orders numbers and strings"],
              help: ["sort by a key with `sort_by(xs, x => ...)` (e.g. `sort_by(users, _.age)`), or give the order with `sort_with(xs, (a, b) => ...)`"])
        return true
    }
}
