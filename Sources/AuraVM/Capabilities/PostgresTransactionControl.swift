/// A program's own transaction statements, as verification must see them: inside the one
/// transaction that is rolled back at the end, a `COMMIT` would commit that transaction and
/// let everything after it reach the database. So under verification `BEGIN` opens a
/// savepoint, `COMMIT` releases it and `ROLLBACK` rolls back to it; two-phase commit, which
/// would keep a prepared transaction on the server after the run, is refused.
enum PostgresTransactionControl: Equatable {
    /// `BEGIN`, `START TRANSACTION`.
    case begin
    /// `COMMIT`, `END` (`AND CHAIN` opens the next transaction at once).
    case commit(chain: Bool)
    /// `ROLLBACK`, `ABORT` — not `ROLLBACK TO SAVEPOINT`, which stays inside the transaction.
    case rollback(chain: Bool)
    /// `PREPARE TRANSACTION`, `COMMIT PREPARED`, `ROLLBACK PREPARED`.
    case twoPhase

    /// What `words` (a statement's leading keywords, upper-cased) do to the transaction; nil
    /// for every other statement.
    static func classify(_ words: [String]) -> PostgresTransactionControl? {
        guard let first = words.first else { return nil }
        let rest = words.dropFirst()
        let chain = rest.contains("CHAIN") && !rest.contains("NO")
        switch first {
        case "BEGIN": return .begin
        case "START": return rest.first == "TRANSACTION" ? .begin : nil
        case "COMMIT", "END": return rest.first == "PREPARED" ? .twoPhase : .commit(chain: chain)
        case "ROLLBACK", "ABORT":
            if rest.first == "PREPARED" { return .twoPhase }
            return rest.prefix(2).contains("TO") ? nil : .rollback(chain: chain)
        case "PREPARE": return rest.first == "TRANSACTION" ? .twoPhase : nil
        default: return nil
        }
    }
}
