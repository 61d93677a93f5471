import AuraSema

/// A `Query[T]` value: a table and the stages piped onto it. Immutable; every stage returns a
/// new query, so a query can be stored, passed and extended like any other value.
public final class QueryValue: NativeObject, @unchecked Sendable {
    /// The row record's layout (its `table` is set).
    public let layout: RecordLayout
    public let schema: TableSchema
    /// `where` conditions, joined with AND.
    let filters: [BoundFilter]
    let order: [(column: String, descending: Bool)]
    let limit: Int64?
    let offset: Int64?

    /// Every row of the table.
    public convenience init(layout: RecordLayout) {
        self.init(layout: layout, filters: [], order: [], limit: nil, offset: nil)
    }

    init(layout: RecordLayout, filters: [BoundFilter], order: [(column: String, descending: Bool)], limit: Int64?, offset: Int64?) {
        precondition(layout.table != nil, "a query needs a table record")
        self.layout = layout
        self.schema = layout.table!
        self.filters = filters
        self.order = order
        self.limit = limit
        self.offset = offset
    }

    func adding(_ filter: BoundFilter) -> QueryValue {
        QueryValue(layout: layout, filters: filters + [filter], order: order, limit: limit, offset: offset)
    }

    func ordered(by column: String, descending: Bool) -> QueryValue {
        QueryValue(layout: layout, filters: filters, order: order + [(column, descending)], limit: limit, offset: offset)
    }

    /// `limit` twice keeps the smaller (as two `take`s on a list would).
    func limited(to count: Int64) -> QueryValue {
        QueryValue(layout: layout, filters: filters, order: order, limit: min(limit ?? .max, count), offset: offset)
    }

    /// An offset after a limit skips within the limited rows, so the limit shrinks by it.
    func offset(by count: Int64) -> QueryValue {
        QueryValue(layout: layout, filters: filters, order: order, limit: limit.map { max($0 - count, 0) }, offset: (offset ?? 0) + count)
    }

    public override var displayName: String { "Query[\(layout.name)]" }
}

/// A `where` condition with the values of its parameters, taken when the `where` ran.
struct BoundFilter {
    let predicate: QueryPredicate
    let values: [Value]
}

/// The compiled form of one `where` lambda: a constant of the calling function.
public final class PredicateTemplate: NativeObject, @unchecked Sendable {
    public let predicate: QueryPredicate
    public init(_ predicate: QueryPredicate) { self.predicate = predicate }
    public override var displayName: String { "<where>" }
}
