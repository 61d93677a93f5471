import AuraDiagnostics

/// The parsed form of one file: flat arrays addressed by index (see `Expr`).
public struct SyntaxTree: Sendable {
    public let file: SourceFile
    public internal(set) var exprs: [Expr] = []
    /// Parallel to `exprs`.
    public internal(set) var spans: [Span] = []
    /// Parallel to `exprs`: height of the subtree, bounded so later passes can recurse safely.
    public internal(set) var heights: [UInt16] = []
    public internal(set) var children: [ExprID] = []
    public internal(set) var strings: [String] = []
    public internal(set) var bindings: [Binding] = []
    public internal(set) var loops: [ForLoop] = []
    public internal(set) var params: [Param] = []
    public internal(set) var fieldInits: [FieldInit] = []
    public internal(set) var arms: [MatchArm] = []
    public internal(set) var typeNames: [TypeName] = []
    public internal(set) var patterns: [Pattern] = []
    public internal(set) var patternSpans: [Span] = []
    public internal(set) var fieldPatterns: [FieldPattern] = []
    public internal(set) var types: [TypeExpr] = []
    public internal(set) var typeSpans: [Span] = []
    public internal(set) var typeChildren: [TypeExprID] = []

    public internal(set) var capabilities: [CapabilityDecl] = []
    public internal(set) var uses: [UseDecl] = []
    public internal(set) var functions: [FunctionDecl] = []
    public internal(set) var constants: [ConstantDecl] = []
    public internal(set) var records: [RecordDecl] = []
    public internal(set) var sums: [SumDecl] = []
    public internal(set) var tests: [TestDecl] = []
    /// Where the capability header ends: new capabilities are inserted here by fixes.
    public internal(set) var headerInsertionPoint: UInt32 = 0
    /// Whether the file has a header line of capabilities (fixes append to it).
    public internal(set) var capabilityLineEnd: UInt32? = nil

    public internal(set) var diagnostics: [Diagnostic] = []

    init(file: SourceFile) { self.file = file }

    // MARK: Convenience accessors

    public func expr(_ id: ExprID) -> Expr { exprs[Int(id)] }
    public func span(_ id: ExprID) -> Span { spans[Int(id)] }
    public func children(_ list: ListRef) -> ArraySlice<ExprID> { children[list.indices] }
    public func params(_ list: ListRef) -> ArraySlice<Param> { params[list.indices] }
    public func fieldInits(_ list: ListRef) -> ArraySlice<FieldInit> { fieldInits[list.indices] }
    public func arms(_ list: ListRef) -> ArraySlice<MatchArm> { arms[list.indices] }
    public func fieldPatterns(_ list: ListRef) -> ArraySlice<FieldPattern> { fieldPatterns[list.indices] }
    public func typeChildren(_ list: ListRef) -> ArraySlice<TypeExprID> { typeChildren[list.indices] }

    /// Source text of a span in this file.
    public func text(_ span: Span) -> String { file.text(span.start, span.end) }

    /// Number of lines (for throughput figures).
    public var lineCount: Int { file.lineCount }
}
