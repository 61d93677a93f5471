import AuraSema
import AuraSyntax

/// Fused pipelines: `xs | map(_ * 2) | filter(_ % 3 == 0) | sum` compiles to one bytecode loop
/// over `xs` with the lambda bodies inline — no intermediate lists, no native-to-VM call per
/// element (which was most of such a pipeline's time).
///
/// Only pure stages are fused (lambda literals with one parameter whose bodies call no
/// effectful or higher-order function and bind or assign nothing), so the output is the same
/// as stage by stage; what can differ is which element's runtime error is reported first when
/// several stages would fail (docs/language.md, "Pipelines").
extension FunctionCompiler {
    private enum Stage {
        case map(parameter: Int32, body: ExprID)
        case filter(parameter: Int32, body: ExprID)
    }

    private enum Sink {
        /// `sum`: the result is a number.
        case sum
        /// The chain's own result: a new list of what reaches the end.
        case list
    }

    /// Compiles `expr` as one loop when it is a fusable pipeline; false leaves it to the
    /// ordinary call path.
    func compileFusedPipeline(_ expr: ExprID, into target: Int32) -> Bool {
        guard case let .call(callee, argList, _) = tree.expr(expr), let name = builtinName(callee) else { return false }
        let args = Array(tree.children(argList))
        var sink = Sink.list
        var source = expr
        if name == "sum" {
            guard args.count == 1 else { return false }
            sink = .sum
            source = args[0]
        }
        var stages: [Stage] = []
        while let (inner, stage) = stage(of: source) {
            stages.insert(stage, at: 0)
            source = inner
        }
        guard case .list = typeNode(source), stages.count >= (sink == .sum ? 1 : 2) else { return false }
        emitLoop(source: source, stages: stages, sink: sink, into: target)
        return true
    }

    private func emitLoop(source: ExprID, stages: [Stage], sink: Sink, into target: Int32) {
        let mark = nextRegister
        defer { nextRegister = mark }
        let list = allocate()
        compile(source, into: list)
        let cursor = allocate(2)
        let element = allocate()
        let accumulator = allocate()
        emit(sink == .sum ? .loadNone : .makeList, accumulator, list, 0)
        emit(.iterPrepare, cursor, list)
        emit(.loadUnit, list) // the cursor holds the list; the source register need not
        // Tested at the bottom (`iterLoop`), where a filter that drops the element jumps too.
        let toTest = emit(.jump)
        let top = here
        var current = element
        var toNextElement: [Int] = []
        for stage in stages {
            switch stage {
            case let .map(parameter, body):
                registers[parameter] = current
                let result = allocate()
                compile(body, into: result)
                current = result
            case let .filter(parameter, body):
                registers[parameter] = current
                toNextElement += compileCondition(body)
            }
        }
        emit(sink == .sum ? .sumStep : .appendTo, accumulator, current)
        patch(toTest, to: here)
        for jump in toNextElement { patch(jump, to: here) }
        emit(.iterLoop, cursor, element, top)
        if sink == .sum { emit(.sumFinish, accumulator) }
        emit(.take, target, accumulator)
        emit(.loadUnit, cursor)
    }

    /// `map(inner, x => body)` or `filter(inner, x => body)` with a fusable lambda.
    private func stage(of expr: ExprID) -> (ExprID, Stage)? {
        guard case let .call(callee, argList, _) = tree.expr(expr), let name = builtinName(callee),
              name == "map" || name == "filter" || name == "where" else { return nil }
        let args = Array(tree.children(argList))
        guard args.count == 2, case let .lambda(params, body) = tree.expr(args[1]), params.count == 1,
              case .list = typeNode(args[0]), isPureInline(body) else { return nil }
        let parameter = module.paramLocals[Int(params.start)]
        guard !cellLocals.contains(parameter) else { return nil }
        return (args[0], name == "map" ? .map(parameter: parameter, body: body) : .filter(parameter: parameter, body: body))
    }

    /// The name of the builtin `callee` resolves to, if it is one.
    func builtinName(_ callee: ExprID) -> String? {
        guard case let .builtin(id) = module.resolutions[Int(callee)] else { return nil }
        return program.checked.builtins.entries[Int(id)].name
    }

    /// Higher-order builtins: their function argument may be effectful (`each(xs, print!)`).
    private static let higherOrder: Set<String> = [
        "map", "filter", "where", "fold", "each", "any", "all", "count", "flat_map", "group_by", "sort_by", "sort_with",
    ]

    /// Whether `expr` can run inline in a loop with the same result as in its own lambda: no
    /// effects, no bindings or assignments, no nested lambdas or loops.
    private func isPureInline(_ expr: ExprID) -> Bool {
        switch tree.expr(expr) {
        case .lambda, .binding, .assign, .forIn, .whileLoop, .block, .error: return false
        case let .call(callee, _, _):
            switch module.resolutions[Int(callee)] {
            case .builtin:
                let name = builtinName(callee) ?? ""
                if name.hasSuffix("!") || FunctionCompiler.higherOrder.contains(name) { return false }
            case .function:
                guard case let .name(symbol) = tree.expr(callee), !program.checked.interner.name(symbol).hasSuffix("!") else { return false }
            default:
                return false
            }
        default:
            break
        }
        var pure = true
        SyntaxWalk.children(of: expr, in: tree) { child in if pure, !isPureInline(child) { pure = false } }
        return pure
    }
}
