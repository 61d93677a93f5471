import AuraDiagnostics

/// Index of an expression in `SyntaxTree.exprs`; -1 means "absent".
public typealias ExprID = Int32
/// Index of a pattern in `SyntaxTree.patterns`.
public typealias PatternID = Int32
/// Index of a written type in `SyntaxTree.types`; -1 means "not written".
public typealias TypeExprID = Int32

/// A slice of one of the tree's pools (children, params, arms, fields).
public struct ListRef: Hashable, Sendable {
    public var start: Int32
    public var count: Int32
    public static let empty = ListRef(start: 0, count: 0)
    public var indices: Range<Int> { Int(start)..<Int(start + count) }
}

public enum UnaryOp: UInt8, Sendable { case negate, not }

public enum BinaryOp: UInt8, Sendable {
    case add, subtract, multiply, divide, remainder
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case and, or, coalesce, range

    public var spelling: String {
        switch self {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .remainder: return "%"
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .and: return "and"
        case .or: return "or"
        case .coalesce: return "??"
        case .range: return ".."
        }
    }
}

/// Expressions and statements. Payloads are indices into the tree's arrays, so an `Expr` is
/// 16 bytes and the tree is a handful of flat arrays (fast to build, cheap to walk).
public enum Expr: Sendable {
    case int(Int64)
    case float(Double)
    /// Index into `SyntaxTree.strings`.
    case string(Int32)
    case bool(Bool)
    case none
    /// Parts are expressions; literal text parts are `.string` nodes.
    case interpolation(ListRef)
    case name(Symbol)
    /// `_` inside a call argument (the argument becomes a lambda whose parameter is `_`).
    case placeholder
    case member(ExprID, Symbol)
    case index(ExprID, ExprID)
    /// Callee and arguments (in `children`). `piped`: the first argument came from `x | f(...)`.
    case call(ExprID, ListRef, piped: Bool)
    case unary(UnaryOp, ExprID)
    case binary(BinaryOp, ExprID, ExprID)
    /// Parameters (in `params`) and body.
    case lambda(ListRef, ExprID)
    /// Statements (in `children`); the value is the last one's.
    case block(ListRef)
    /// Condition, then-block, else-expression (-1 when absent).
    case ifElse(ExprID, ExprID, ExprID)
    /// Scrutinee and arms (in `arms`).
    case match(ExprID, ListRef)
    case list(ListRef)
    /// Keys and values alternate in `children`.
    case map(ListRef)
    /// Index into `typeNames`, and field initialisers (in `fieldInits`).
    case record(Int32, ListRef)
    case with(ExprID, ListRef)
    /// Statements. Index into `bindings`.
    case binding(Int32)
    /// Target name and value. The target's span is the statement span's start.
    case assign(Symbol, ExprID)
    /// Index into `loops`.
    case forIn(Int32)
    case whileLoop(ExprID, ExprID)
    case error
}

/// `name = value`, `var name = value`, `name: T = value`.
public struct Binding: Sendable {
    public var name: Symbol
    public var nameSpan: Span
    public var annotation: TypeExprID
    public var value: ExprID
    public var isVar: Bool
}

/// `for name in sequence { body }`.
public struct ForLoop: Sendable {
    public var name: Symbol
    public var nameSpan: Span
    public var sequence: ExprID
    public var body: ExprID
}

/// A parameter of a function or lambda.
public struct Param: Sendable {
    public var name: Symbol
    public var span: Span
    public var type: TypeExprID
}

/// `name: value` in a record construction or `with`.
public struct FieldInit: Sendable {
    public var name: Symbol
    public var nameSpan: Span
    public var value: ExprID
}

public struct MatchArm: Sendable {
    public var pattern: PatternID
    public var body: ExprID
}

/// A possibly qualified type name: `User`, `util.User`, `i`.
public struct TypeName: Sendable {
    public var module: Symbol  // -1 when unqualified
    public var name: Symbol
    public var span: Span
}

public enum Pattern: Sendable {
    case wildcard
    case binding(Symbol)
    /// A literal expression (int, float, string, bool, negative number).
    case literal(ExprID)
    case none
    /// Index into `typeNames` and the field patterns (in `fieldPatterns`).
    case record(Int32, ListRef)
    /// `util.Empty`: a qualified variant without fields (index into `typeNames`). An unqualified
    /// `Empty` parses as `.binding`; the checker knows whether the name is a variant.
    case variant(Int32)
}

/// `name` (shorthand: binds the field) or `name: pattern`.
public struct FieldPattern: Sendable {
    public var name: Symbol
    public var nameSpan: Span
    public var pattern: PatternID  // -1 for shorthand
}

/// Types as written in annotations.
public enum TypeExpr: Sendable {
    case named(Int32)  // index into typeNames
    case list(TypeExprID)
    case map(TypeExprID, TypeExprID)
    case optional(TypeExprID)
    /// `Query[User]`: a query over a table's rows.
    case query(TypeExprID)
    /// Parameter types (in `typeChildren`), result, effectful (`->!`).
    case function(ListRef, TypeExprID, Bool)
}
