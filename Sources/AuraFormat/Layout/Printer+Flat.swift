import AuraSyntax

extension Printer {
    /// The one-line form of an expression free of comments, or nil when it always breaks.
    func computeFlat(_ id: ExprID) -> String? {
        switch tree.expr(id) {
        case .int, .float, .string: return literalText(id)
        case .interpolation: return verbatim(id)
        case let .bool(value): return value ? "true" : "false"
        case .none: return "none"
        case let .name(symbol): return name(symbol)
        case .placeholder: return "_"
        case let .member(base, field):
            guard let base = flatOperand(base, Level.postfix) else { return nil }
            return base + "." + name(field)
        case let .index(base, index):
            guard let base = flatOperand(base, Level.postfix), let index = flat(index) else { return nil }
            return base + "[" + index + "]"
        case let .call(callee, args, piped):
            let all = Array(tree.children(args))
            if piped {
                guard let first = all.first, let lhs = flatOperand(first, Level.pipe),
                      let stage = flatCall(callee, Array(all.dropFirst()), stage: true) else { return nil }
                return lhs + " | " + stage
            }
            return flatCall(callee, all, stage: false)
        case let .unary(op, operand):
            // `not (a > 0)`: redundant, but `not a > 0` reads as `(not a) > 0`.
            if op == .not, isBinary(operand), let text = flat(operand) { return "not (" + text + ")" }
            guard let text = flatOperand(operand, op == .not ? Level.not : Level.unary) else { return nil }
            return (op == .not ? "not " : "-") + text
        case let .binary(op, lhsID, rhsID):
            let (left, right) = Level.operands(op)
            guard let lhs = flatOperand(lhsID, left), let rhs = flatOperand(rhsID, right) else { return nil }
            return op == .range ? lhs + rangeSpelling(left: level(lhsID), right: level(rhsID)) + rhs : lhs + " " + op.spelling + " " + rhs
        case let .lambda(params, body):
            guard let body = flat(body) else { return nil }
            if isPlaceholderLambda(id) { return body }
            return lambdaParams(params) + " => " + body
        case let .block(statements):
            let items = tree.children(statements)
            if items.isEmpty { return "{}" }
            guard items.count == 1, let only = items.first, !isLoop(only), let text = flat(only) else { return nil }
            return "{ " + text + " }"
        case let .ifElse(condition, then, otherwise):
            guard let head = flatHead(condition), let then = flat(then) else { return nil }
            var text = "if " + head + " " + then
            if otherwise >= 0 {
                guard let rest = flat(otherwise) else { return nil }
                text += " else " + rest
            }
            return text
        case .match, .forIn, .whileLoop, .error:
            return nil
        case let .list(items):
            guard let parts = flatList(Array(tree.children(items))) else { return nil }
            return "[" + parts.joined(separator: ", ") + "]"
        case let .map(items):
            let all = Array(tree.children(items))
            if all.isEmpty { return "{:}" }
            var parts: [String] = []
            for pair in stride(from: 0, to: all.count - 1, by: 2) {
                guard let key = flat(all[pair]), let value = flat(all[pair + 1]) else { return nil }
                parts.append(key + ": " + value)
            }
            return "{" + parts.joined(separator: ", ") + "}"
        case let .record(typeIndex, fields):
            guard let inits = flatFieldInits(fields) else { return nil }
            return typeName(typeIndex) + (inits.isEmpty ? " {}" : " { " + inits + " }")
        case let .with(base, fields):
            guard let base = flatOperand(base, Level.postfix), let inits = flatFieldInits(fields) else { return nil }
            return base + " with " + (inits.isEmpty ? "{}" : "{ " + inits + " }")
        case let .binding(index):
            let binding = tree.bindings[Int(index)]
            guard let value = flat(binding.value) else { return nil }
            return bindingPrefix(binding) + value
        case let .assign(target, value):
            guard let value = flat(value) else { return nil }
            return name(target) + " = " + value
        }
    }

    /// `0..n`, but `a + 1 .. b * 2`: spaced when an operand is itself an operation.
    func rangeSpelling(left: Int, right: Int) -> String {
        left >= Level.unary && right >= Level.unary ? ".." : " .. "
    }

    func isBinary(_ id: ExprID) -> Bool {
        if case .binary = tree.expr(id) { return true }
        return false
    }

    func isLoop(_ id: ExprID) -> Bool {
        switch tree.expr(id) {
        case .forIn, .whileLoop: return true
        default: return false
        }
    }

    func bindingPrefix(_ binding: Binding) -> String {
        var prefix = (binding.isVar ? "var " : "") + name(binding.name)
        if binding.annotation >= 0 { prefix += ": " + typeText(binding.annotation) }
        return prefix + " = "
    }

    /// `callee(args)`; as a pipeline stage with no other argument, `| callee` (but `| f()()`
    /// keeps its parentheses, which call `f()`'s result).
    func flatCall(_ callee: ExprID, _ args: [ExprID], stage: Bool) -> String? {
        guard let head = flatOperand(callee, Level.postfix), let parts = flatList(args) else { return nil }
        if stage, args.isEmpty, !isCall(callee) { return head }
        return head + "(" + parts.joined(separator: ", ") + ")"
    }

    func isCall(_ id: ExprID) -> Bool {
        if case .call = tree.expr(id) { return true }
        return false
    }

    func flatList(_ items: [ExprID]) -> [String]? {
        var parts: [String] = []
        for item in items {
            guard let text = flat(item) else { return nil }
            parts.append(text)
        }
        return parts
    }

    func flatFieldInits(_ list: ListRef) -> String? {
        var parts: [String] = []
        for field in tree.fieldInits(list) {
            guard let value = flat(field.value) else { return nil }
            parts.append(name(field.name) + ": " + value)
        }
        return parts.joined(separator: ", ")
    }

    /// `x`, `(a, b)`, `(x:i)`.
    func lambdaParams(_ list: ListRef) -> String {
        let params = tree.params(list)
        if params.count == 1, let only = params.first, only.type < 0, name(only.name) != "_" { return name(only.name) }
        return "(" + params.map(paramText).joined(separator: ", ") + ")"
    }

    func paramText(_ param: Param) -> String {
        param.type < 0 ? name(param.name) : name(param.name) + ":" + typeText(param.type)
    }

    /// The head of `if`/`while`/`for`/`match`: parenthesised when it holds a record literal
    /// (`Name {` would open the body there) or is a lambda.
    func flatHead(_ id: ExprID) -> String? {
        guard let text = flat(id) else { return nil }
        return headNeedsParentheses(id) ? "(" + text + ")" : text
    }

    func headNeedsParentheses(_ id: ExprID) -> Bool {
        level(id) == Level.lambda || containsRecord(id)
    }

    func containsRecord(_ id: ExprID) -> Bool {
        if case .record = tree.expr(id) { return true }
        return children(id).contains { containsRecord($0) }
    }

    /// The direct sub-expressions, in source order.
    func children(_ id: ExprID) -> [ExprID] {
        switch tree.expr(id) {
        case .int, .float, .string, .bool, .none, .name, .placeholder, .error, .interpolation: return []
        case let .member(base, _): return [base]
        case let .index(base, index): return [base, index]
        case let .call(callee, args, piped):
            let all = Array(tree.children(args))
            return piped ? [all[0], callee] + all.dropFirst() : [callee] + all
        case let .unary(_, operand): return [operand]
        case let .binary(_, lhs, rhs): return [lhs, rhs]
        case let .lambda(_, body): return [body]
        case let .block(items), let .list(items), let .map(items): return Array(tree.children(items))
        case let .ifElse(condition, then, otherwise): return otherwise >= 0 ? [condition, then, otherwise] : [condition, then]
        case let .match(scrutinee, arms): return [scrutinee] + tree.arms(arms).map(\.body)
        case let .record(_, fields): return tree.fieldInits(fields).map(\.value)
        case let .with(base, fields): return [base] + tree.fieldInits(fields).map(\.value)
        case let .binding(index): return [tree.bindings[Int(index)].value]
        case let .assign(_, value): return [value]
        case let .forIn(index): return [tree.loops[Int(index)].sequence, tree.loops[Int(index)].body]
        case let .whileLoop(condition, body): return [condition, body]
        }
    }

    func typeName(_ index: Int32) -> String {
        let typeName = tree.typeNames[Int(index)]
        return (typeName.module >= 0 ? name(typeName.module) + "." : "") + name(typeName.name)
    }

    /// Types as the corpus writes them: `i`, `[s]`, `{s:i}`, `T?`, `(i, s) -> b`, `(s) ->! unit`.
    func typeText(_ id: TypeExprID) -> String {
        switch tree.types[Int(id)] {
        case let .named(index): return typeName(index)
        case let .list(element): return "[" + typeText(element) + "]"
        case let .map(key, value): return "{" + typeText(key) + ":" + typeText(value) + "}"
        case let .optional(inner): return typeText(inner) + "?"
        case let .query(row): return "Query[" + typeText(row) + "]"
        case let .function(params, result, effectful):
            return "(" + tree.typeChildren(params).map(typeText).joined(separator: ", ") + ")" + (effectful ? " ->! " : " -> ") + typeText(result)
        }
    }
}
