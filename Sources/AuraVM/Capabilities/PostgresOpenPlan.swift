/// Where a `postgres://` connection really goes once the sandbox has had its say.
///
/// Verification must never touch a real database server, so under an enabled sandbox a
/// `postgres://` connect is refused (R0019) unless the sandbox names a scratch database
/// (`aura.verify.databaseUrl`): then the connection opens to that database instead, whatever
/// URL the program gave, and everything it does happens inside one transaction that is rolled
/// back when the connection closes.
struct PostgresOpenPlan: Equatable {
    /// What libpq connects to.
    var url: String
    /// Verification: `BEGIN` at connect, `ROLLBACK` at close, the program's own transaction
    /// statements turned into a savepoint.
    var rollsBack: Bool

    static func plan(for url: String, sandbox: Sandbox) throws -> PostgresOpenPlan {
        guard sandbox.isEnabled else { return PostgresOpenPlan(url: url, rollsBack: false) }
        guard let scratch = sandbox.databaseUrl, !scratch.isEmpty else {
            throw RuntimeError(.sandboxDatabaseDenied,
                               "db.connect!: verification does not connect to database servers (\(DatabaseURL.redacted(url)))",
                               help: ["set aura.verify.databaseUrl to a scratch PostgreSQL database: verification then connects there, and rolls back everything it did",
                                      "or test against sqlite::memory:"])
        }
        return PostgresOpenPlan(url: scratch, rollsBack: true)
    }
}
