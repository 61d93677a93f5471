import AuraDiagnostics

/// `+db` in the capability header.
public struct CapabilityDecl: Sendable {
    public var name: String
    public var span: Span
}

/// `use util` or `use lib/text`.
public struct UseDecl: Sendable {
    /// The path as written, `/`-separated, without `.aura`.
    public var path: String
    /// The name the module is reached by: the last path component.
    public var alias: Symbol
    public var span: Span
}

/// `add(a: i, b: i): i = a + b` or `greet!(name: s) = ...`.
public struct FunctionDecl: Sendable {
    public var name: Symbol
    public var nameSpan: Span
    public var params: ListRef
    public var result: TypeExprID
    public var body: ExprID
    public var span: Span
    public var isEffectful: Bool
}

/// `limit = 10`, `main = { ... }`.
public struct ConstantDecl: Sendable {
    public var name: Symbol
    public var nameSpan: Span
    public var annotation: TypeExprID
    public var value: ExprID
    public var span: Span
}

/// `@User { id:i @pk name:s nick:s? }`, or `@User @table("users") { ... }`.
public struct RecordDecl: Sendable {
    public struct Field: Sendable {
        public var name: Symbol
        public var span: Span
        public var type: TypeExprID
        public var attributes: [String]
    }
    public var name: Symbol
    public var nameSpan: Span
    public var fields: [Field]
    public var span: Span
    /// The table name of `@table("users")` after the record's name, and where it is written.
    public var table: (name: String, span: Span)? = nil
}

/// `@Shape = Circle { r:f } | Rect { w:f h:f } | Empty`: a sum type and its variants.
public struct SumDecl: Sendable {
    /// One alternative: a record shape with its own name (no braces: no fields).
    public struct Variant: Sendable {
        public var name: Symbol
        public var nameSpan: Span
        public var fields: [RecordDecl.Field]
        /// Whether the variant was written with `{ ... }` (the formatter keeps `Empty {}` as `Empty`).
        public var hasBraces: Bool
        public var span: Span
    }
    public var name: Symbol
    public var nameSpan: Span
    public var variants: [Variant]
    public var span: Span
}

/// `test "adds" { ... }`.
public struct TestDecl: Sendable {
    public var title: String
    public var titleSpan: Span
    public var body: ExprID
    public var span: Span
}
