/// Every builtin implementation, by the name users write (`len`, `json.parse`, `db.query!`).
public enum BuiltinRegistry {
    public static let all: [String: BuiltinImplementation] = {
        var table: [String: BuiltinImplementation] = [:]
        for group in [StandardLibrary.builtins, JSONLibrary.builtins, DatabaseLibrary.builtins, HTTPLibrary.builtins] {
            table.merge(group) { first, _ in first }
        }
        return table
    }()
}
