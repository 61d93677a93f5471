import AuraDiagnostics

/// Kinds of tokens. One byte each, so the token array stays small.
public enum TokenKind: UInt8, Sendable {
    case eof, newline, error
    case identifier, placeholder
    case int, float
    /// A string literal with no interpolation: `"text"`.
    case string
    /// Interpolated strings are split: `"a ${` start, `} b ${` middle, `} c"` end.
    case stringStart, stringMiddle, stringEnd
    // Keywords.
    case kwIf, kwElse, kwMatch, kwFor, kwIn, kwWhile, kwVar, kwTest, kwUse, kwWith
    case kwTrue, kwFalse, kwNone, kwAnd, kwOr, kwNot
    // Delimiters.
    case lParen, rParen, lBracket, rBracket, lBrace, rBrace
    // Punctuation and operators.
    case comma, colon, semicolon, dot, dotDot, at, question, questionQuestion, pipe
    case arrow, arrowBang, fatArrow, assign
    case plus, minus, star, slash, percent
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    /// How the token is written, for messages ("expected `)`").
    public var spelling: String {
        switch self {
        case .eof: return "end of file"
        case .newline: return "end of line"
        case .error: return "invalid token"
        case .identifier: return "name"
        case .placeholder: return "`_`"
        case .int: return "integer"
        case .float: return "float"
        case .string, .stringStart, .stringMiddle, .stringEnd: return "string"
        case .kwIf: return "`if`"
        case .kwElse: return "`else`"
        case .kwMatch: return "`match`"
        case .kwFor: return "`for`"
        case .kwIn: return "`in`"
        case .kwWhile: return "`while`"
        case .kwVar: return "`var`"
        case .kwTest: return "`test`"
        case .kwUse: return "`use`"
        case .kwWith: return "`with`"
        case .kwTrue: return "`true`"
        case .kwFalse: return "`false`"
        case .kwNone: return "`none`"
        case .kwAnd: return "`and`"
        case .kwOr: return "`or`"
        case .kwNot: return "`not`"
        case .lParen: return "`(`"
        case .rParen: return "`)`"
        case .lBracket: return "`[`"
        case .rBracket: return "`]`"
        case .lBrace: return "`{`"
        case .rBrace: return "`}`"
        case .comma: return "`,`"
        case .colon: return "`:`"
        case .semicolon: return "`;`"
        case .dot: return "`.`"
        case .dotDot: return "`..`"
        case .at: return "`@`"
        case .question: return "`?`"
        case .questionQuestion: return "`??`"
        case .pipe: return "`|`"
        case .arrow: return "`->`"
        case .arrowBang: return "`->!`"
        case .fatArrow: return "`=>`"
        case .assign: return "`=`"
        case .plus: return "`+`"
        case .minus: return "`-`"
        case .star: return "`*`"
        case .slash: return "`/`"
        case .percent: return "`%`"
        case .equal: return "`==`"
        case .notEqual: return "`!=`"
        case .less: return "`<`"
        case .lessEqual: return "`<=`"
        case .greater: return "`>`"
        case .greaterEqual: return "`>=`"
        }
    }

    /// A newline right after one of these does not end the statement: the expression goes on.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .equal, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .kwAnd, .kwOr, .kwNot, .questionQuestion, .dotDot, .assign, .fatArrow, .pipe,
             .comma, .lParen, .lBracket, .lBrace, .arrow, .arrowBang, .colon, .dot, .stringStart, .stringMiddle,
             .kwIn, .kwWith, .at:
            return true
        default:
            return false
        }
    }

    var isOpener: Bool { self == .lParen || self == .lBracket || self == .lBrace }
    var isCloser: Bool { self == .rParen || self == .rBracket || self == .rBrace }

    var closer: TokenKind {
        switch self {
        case .lParen: return .rParen
        case .lBracket: return .rBracket
        default: return .rBrace
        }
    }
}

/// A token: kind, byte range, and for delimiters the index of the matching one (-1 if none).
public struct Token: Sendable {
    public var kind: TokenKind
    public var start: UInt32
    public var end: UInt32
    /// For `( [ {` the index of the closer and vice versa; -1 when unmatched or not a delimiter.
    public var partner: Int32

    @inlinable
    public init(kind: TokenKind, start: UInt32, end: UInt32, partner: Int32 = -1) {
        self.kind = kind
        self.start = start
        self.end = end
        self.partner = partner
    }
}
