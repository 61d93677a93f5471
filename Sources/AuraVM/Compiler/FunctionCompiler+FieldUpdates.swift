import AuraSema
import AuraSyntax

extension FunctionCompiler {
    /// `x = x with { f: g(x.f, ...) }` where `g` is an updating builtin (`set`, `push`,
    /// `remove`, `concat`): the record's field is moved out of the record into the call, and
    /// the call's result is stored back into the same record. Through `getField` the record
    /// still held the collection while `g` ran, so every update copied it: a map of counts
    /// kept in a record field made a loop quadratic.
    ///
    /// The other arguments are evaluated first, as for `x = set(x, ...)` (they may read `x.f`;
    /// reading the field is pure, so moving it last changes nothing observable). The record is
    /// copied first when another value shares it (`takeField`), so value semantics hold. Only a
    /// `with` of that one field qualifies: another field initialiser could read `x.f` after
    /// the move. The builtins never call AURA code, so nothing can see the record while its
    /// field is out.
    func compileFieldUpdate(local: Int32, register: Int32, value: ExprID, into target: Int32) -> Bool {
        guard case let .with(base, inits) = tree.expr(value), refersTo(base, local: local),
              case let .record(layoutIndex) = typeNode(value) else { return false }
        let items = Array(tree.fieldInits(inits))
        guard items.count == 1, let item = items.first,
              case let .call(callee, argList, _) = tree.expr(item.value),
              case let .builtin(id) = module.resolutions[Int(callee)],
              FunctionCompiler.updatingBuiltins.contains(builtinName(callee) ?? "") else { return false }
        let args = Array(tree.children(argList))
        guard let first = args.first, case let .member(fieldBase, field) = tree.expr(first), field == item.name,
              refersTo(fieldBase, local: local),
              let position = program.output.layouts[Int(layoutIndex)].index(of: program.checked.interner.name(field))
        else { return false }
        for other in args.dropFirst() where SyntaxWalk.assigns(other, local: local, module: module) { return false }
        let saved = currentSpan
        currentSpan = tree.span(item.value)
        defer { currentSpan = saved }
        let mark = nextRegister
        let start = allocate(args.count)
        for (offset, arg) in args.enumerated().dropFirst() { compile(arg, into: start + Int32(offset)) }
        emit(.takeField, start, register, Int32(position))
        emit(.callBuiltin, start, strictVariant(of: id, args: args), start, Int32(args.count))
        emit(.setField, register, Int32(position), start)
        if target != register { emit(.take, target, register) }
        nextRegister = mark
        return true
    }

    /// Whether `expr` is a plain reference to `local` (held in a register, not a cell).
    private func refersTo(_ expr: ExprID, local: Int32) -> Bool {
        guard case .name = tree.expr(expr), case let .local(found) = module.resolutions[Int(expr)], found == local else { return false }
        return !isCell(local) && registers[local] != nil
    }
}
