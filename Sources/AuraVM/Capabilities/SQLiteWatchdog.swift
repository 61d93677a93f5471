import CSQLite3

/// The run's budgets seen from inside one SQL statement, which runs in native code where the
/// VM's instruction and time checks cannot reach it. SQLite calls the progress handler every
/// few thousand virtual-machine steps; it interrupts the statement once the deadline passes.
public final class SQLiteWatchdog {
    let deadline: Double
    unowned(unsafe) let memory: MemoryBudget?
    /// Whether the deadline passed (so an SQLITE_INTERRUPT is ours, reported as R0010).
    private(set) var expired = false

    init(_ context: BuiltinContext) {
        deadline = context.deadline
        memory = context.memory
    }

    func install(on database: OpaquePointer) {
        guard deadline.isFinite else { return }
        sqlite3_progress_handler(database, 10_000, sqliteProgress, Unmanaged.passUnretained(self).toOpaque())
    }

    static func remove(from database: OpaquePointer) {
        sqlite3_progress_handler(database, 0, nil, nil)
    }

    /// Non-zero interrupts the statement.
    func check() -> Int32 {
        if VirtualMachine.now() > deadline { expired = true; return 1 }
        return 0
    }
}

/// The C callback: forwards to the `SQLiteWatchdog` passed as user data.
private let sqliteProgress: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
    guard let context else { return 0 }
    return Unmanaged<SQLiteWatchdog>.fromOpaque(context).takeUnretainedValue().check()
}
