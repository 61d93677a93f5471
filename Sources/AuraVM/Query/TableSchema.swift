/// The columns of a table record (a record type with `@pk`), shared by its layout and queries.
public final class TableSchema: Sendable {
    public enum Kind: Sendable { case int, float, string, bool }

    public struct Column: Sendable {
        public let name: String
        public let kind: Kind
        public let isOptional: Bool
        public init(name: String, kind: Kind, isOptional: Bool) {
            self.name = name
            self.kind = kind
            self.isOptional = isOptional
        }
    }

    /// The table's name in SQL (unquoted).
    public let name: String
    /// In the record's field order.
    public let columns: [Column]
    /// Index of the `@pk` column.
    public let primaryKey: Int
    /// The record type's name, for messages (`User.age`).
    public let recordName: String

    public init(name: String, recordName: String, columns: [Column], primaryKey: Int) {
        self.name = name
        self.recordName = recordName
        self.columns = columns
        self.primaryKey = primaryKey
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// A quoted SQL identifier: `"name"`, with `"` doubled, so no table or column name can end
    /// the identifier and inject SQL.
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
