import AuraSema
import AuraSyntax

/// Finds `var` locals that a lambda refers to. They are stored in a `Cell` so the lambda and
/// the enclosing function see each other's assignments.
enum CellAnalysis {
    static func cellLocals(in body: ExprID, module: CheckedModule) -> Set<Int32> {
        var result = Set<Int32>()
        visit(body, insideLambda: false, module: module, &result)
        return result
    }

    private static func visit(_ expr: ExprID, insideLambda: Bool, module: CheckedModule, _ result: inout Set<Int32>) {
        guard expr >= 0 else { return }
        let tree = module.tree
        if insideLambda, case let .local(local) = module.resolutions[Int(expr)], module.locals[Int(local)].isVar {
            result.insert(local)
        }
        switch tree.expr(expr) {
        case let .binding(index):
            let binding = tree.bindings[Int(index)]
            if insideLambda, module.bindingIsAssignment[Int(index)] { result.insert(module.bindingLocals[Int(index)]) }
            visit(binding.value, insideLambda: insideLambda, module: module, &result)
        case let .lambda(_, body):
            visit(body, insideLambda: true, module: module, &result)
        default:
            SyntaxWalk.children(of: expr, in: tree) { visit($0, insideLambda: insideLambda, module: module, &result) }
        }
    }
}

/// Direct sub-expressions of an expression (for analyses that walk the tree).
enum SyntaxWalk {
    static func children(of expr: ExprID, in tree: SyntaxTree, _ body: (ExprID) -> Void) {
        switch tree.expr(expr) {
        case .int, .float, .string, .bool, .none, .name, .placeholder, .error: return
        case let .interpolation(parts), let .block(parts), let .list(parts), let .map(parts):
            for part in tree.children(parts) { body(part) }
        case let .member(base, _): body(base)
        case let .index(base, index): body(base); body(index)
        case let .call(callee, args, _): body(callee); for arg in tree.children(args) { body(arg) }
        case let .unary(_, operand): body(operand)
        case let .binary(_, lhs, rhs): body(lhs); body(rhs)
        case let .lambda(_, lambdaBody): body(lambdaBody)
        case let .ifElse(condition, then, otherwise): body(condition); body(then); if otherwise >= 0 { body(otherwise) }
        case let .match(scrutinee, arms):
            body(scrutinee)
            for arm in tree.arms(arms) { body(arm.body) }
        case let .record(_, inits): for item in tree.fieldInits(inits) { body(item.value) }
        case let .with(base, inits): body(base); for item in tree.fieldInits(inits) { body(item.value) }
        case let .binding(index): body(tree.bindings[Int(index)].value)
        case let .assign(_, value): body(value)
        case let .forIn(index): body(tree.loops[Int(index)].sequence); body(tree.loops[Int(index)].body)
        case let .whileLoop(condition, loopBody): body(condition); body(loopBody)
        }
    }

    /// Whether `expr` assigns local `local` anywhere inside it (`local = ...` on a `var`).
    /// Lambdas are not looked into: a `var` a lambda assigns is a cell, never moved.
    static func assigns(_ expr: ExprID, local: Int32, module: CheckedModule) -> Bool {
        guard expr >= 0 else { return false }
        switch module.tree.expr(expr) {
        case let .binding(index) where module.bindingIsAssignment[Int(index)] && module.bindingLocals[Int(index)] == local:
            return true
        case .assign:
            // Not produced for locals the checker resolved; conservatively an assignment.
            return true
        case .lambda:
            return false
        default:
            var found = false
            children(of: expr, in: module.tree) { child in if !found, assigns(child, local: local, module: module) { found = true } }
            return found
        }
    }
}
