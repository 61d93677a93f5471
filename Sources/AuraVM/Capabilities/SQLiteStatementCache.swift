/// Prepared statements of one connection, kept for reuse by their SQL text: a loop that runs
/// the same `INSERT ... VALUES (?, ?)` 100k times parses and plans it once (preparing was a
/// third of such a loop's time, as in Python's `sqlite3`, which caches the same way).
///
/// A statement is taken out while it runs and put back reset, so it is never shared between
/// two uses. SQLite re-prepares a cached statement itself when the schema changed.
struct SQLiteStatementCache {
    private var statements: [String: SQLiteStatement] = [:]
    /// Keys from least to most recently used.
    private var order: [String] = []
    let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    var count: Int { statements.count }

    /// The cached statement for `key`, removed from the cache.
    mutating func take(_ key: String) -> SQLiteStatement? {
        guard let statement = statements.removeValue(forKey: key) else { return nil }
        order.removeAll { $0 == key }
        return statement
    }

    /// Keeps `statement` (already reset) under `key`, dropping the least recently used one
    /// when full.
    mutating func put(_ key: String, _ statement: SQLiteStatement) {
        if statements.count >= capacity, let oldest = order.first {
            order.removeFirst()
            statements.removeValue(forKey: oldest)
        }
        statements[key] = statement
        order.append(key)
    }

    /// Finalizes every cached statement (before the connection closes).
    mutating func removeAll() {
        statements.removeAll()
        order.removeAll()
    }
}
