import AuraSyntax

/// A record type with a `@pk` field is a table: where its rows live and which field keys them.
public struct TableInfo: Sendable, Equatable {
    /// `@table("users")`, or the record's name in snake_case (`OrderItem` → `order_item`).
    public var name: String
    /// Index of the `@pk` field in the record's fields.
    public var primaryKey: Int

    /// `User` → `user`, `OrderItem` → `order_item`, `HTTPLog` → `http_log`.
    public static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("_") }
            }
            out.append(contentsOf: character.lowercased())
        }
        return out
    }
}

/// A `where` condition translated to SQL at compile time. Values from the program (literals,
/// locals, parameters) are never spliced into the text: they are parameters, evaluated where the
/// `where` call is and bound when the query runs.
public indirect enum QueryPredicate: Sendable, Equatable {
    case and(QueryPredicate, QueryPredicate)
    case or(QueryPredicate, QueryPredicate)
    case not(QueryPredicate)
    /// A `b` field read as the condition (`_.active`).
    case column(String)
    case constant(Bool)
    /// `field op value` or `field op other_field`. `nullable`: the field is optional, so `!=`
    /// must also keep rows whose field is NULL (AURA's `none != "x"` is true; SQL's is not).
    case compare(column: String, QueryComparison, QueryOperand, nullable: Bool)
    /// `field == none` / `field != none`.
    case isNull(column: String, negated: Bool)
    /// `contains(field, value)`, `starts_with(...)`, `ends_with(...)`: LIKE with escaping.
    case match(column: String, QueryMatch, parameter: Int)
}

public enum QueryComparison: String, Sendable, Equatable {
    case equal = "=", notEqual = "<>", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    init?(_ op: BinaryOp) {
        switch op {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        default: return nil
        }
    }

    /// The same comparison with its sides swapped (`1 < x` is `x > 1`).
    var flipped: QueryComparison {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        }
    }
}

public enum QueryOperand: Sendable, Equatable {
    /// Index into the stage's parameter expressions.
    case parameter(Int)
    case column(String)
}

public enum QueryMatch: String, Sendable, Equatable {
    case contains, startsWith = "starts_with", endsWith = "ends_with"
}

/// What the checker found a query-building call to mean, for the compiler.
public enum QueryStage: Sendable, Equatable {
    /// `q | where(pred)`: the translated condition and the expressions (outside the lambda) whose
    /// values become its parameters, in order.
    case filter(QueryPredicate, parameters: [ExprID])
    /// `q | order_by(_.field)` / `order_by_desc`.
    case order(column: String, descending: Bool)
}
