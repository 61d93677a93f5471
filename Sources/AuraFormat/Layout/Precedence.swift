import AuraSyntax

/// Binding strength of expressions, lowest first, as the parser reads them (LANGUAGE.md §5):
/// a child printed where a higher level is required gets parentheses, since the tree keeps none.
enum Level {
    static let lambda = 0
    static let pipe = 1
    static let coalesce = 2
    static let or = 3
    static let and = 4
    static let not = 5
    static let comparison = 6
    static let range = 7
    static let additive = 8
    static let multiplicative = 9
    static let unary = 10
    static let postfix = 11
    static let primary = 12

    static func of(_ op: BinaryOp) -> Int {
        switch op {
        case .coalesce: return coalesce
        case .or: return or
        case .and: return and
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return comparison
        case .range: return range
        case .add, .subtract: return additive
        case .multiply, .divide, .remainder: return multiplicative
        }
    }

    /// The levels the two operands of `op` must have: left-associative operators take their own
    /// level on the left, `??` groups to the right, `..` does not chain.
    static func operands(_ op: BinaryOp) -> (left: Int, right: Int) {
        let level = of(op)
        switch op {
        case .coalesce: return (or, coalesce)
        case .range: return (additive, additive)
        default: return (level, level + 1)
        }
    }
}

extension Printer {
    /// The level of an expression as printed.
    func level(_ id: ExprID) -> Int {
        switch tree.expr(id) {
        case let .lambda(_, body): return isPlaceholderLambda(id) ? level(body) : Level.lambda
        case .call(_, _, piped: true): return Level.pipe
        case let .binary(op, _, _): return Level.of(op)
        case .unary(.not, _): return Level.not
        case .unary(.negate, _): return Level.unary
        case .int, .float: return literalText(id).hasPrefix("-") ? Level.unary : Level.primary
        case .binding, .assign, .forIn, .whileLoop: return Level.lambda
        default: return Level.primary
        }
    }

    /// `filter(_.active)`: the parser wraps the argument in a lambda whose parameter `_` spans
    /// the whole argument; it is printed as the argument alone.
    func isPlaceholderLambda(_ id: ExprID) -> Bool {
        guard case let .lambda(params, _) = tree.expr(id), params.count == 1 else { return false }
        let param = tree.params[Int(params.start)]
        return param.type < 0 && interner.name(param.name) == "_" && param.span == tree.span(id)
    }
}
