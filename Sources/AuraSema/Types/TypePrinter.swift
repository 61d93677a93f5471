/// Writes types the way users write them: `i`, `[s]`, `{s: i}`, `User`, `(i, i) -> i`, `s?`.
/// Variables print as `a`, `b`, ... in order of appearance within one printed type.
public struct TypePrinter {
    let store: TypeStore
    private var names: [Int32: String] = [:]

    public init(store: TypeStore) { self.store = store }

    public static func describe(_ id: TypeID, in store: TypeStore) -> String {
        var printer = TypePrinter(store: store)
        return printer.print(id)
    }

    public mutating func print(_ id: TypeID) -> String {
        let r = store.resolved(id)
        switch store.node(r) {
        case .int: return "i"
        case .float: return "f"
        case .string: return "s"
        case .bool: return "b"
        case .unit: return "unit"
        case .dyn: return "dyn"
        case .error: return "?"
        case .connection: return "db.Connection"
        case let .list(e): return "[\(print(e))]"
        case let .map(k, v): return "{\(print(k)): \(print(v))}"
        case let .query(row): return "Query[\(print(row))]"
        case let .optional(e):
            let inner = print(e)
            return inner.hasPrefix("(") && inner.contains("->") ? "(\(inner))?" : inner + "?"
        case let .record(index):
            let record = store.records[Int(index)]
            return record.module.isEmpty ? record.name : record.name
        case let .sum(index):
            return store.sums[Int(index)].name
        case let .function(start, count, result, effectful):
            let params = (0..<Int(count)).map { print(store.lists[Int(start) + $0]) }
            return "(\(params.joined(separator: ", "))) \(effectful ? "->!" : "->") \(print(result))"
        case let .variable(v):
            if let name = names[v] { return name }
            let kinds = store.kindsOf(variable: v)
            let letter = String(UnicodeScalar(UInt8(97 + names.count % 26)))
            let name = kinds == .numeric ? "number" : kinds == .ordered ? "comparable" : kinds == .addable ? "addable" : letter
            names[v] = name
            return name
        }
    }
}
