/// Why the ledger could not be used. None of these ever blocks healing or a commit: callers
/// report them and carry on without the ledger (git history is the source of truth).
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file was written by a newer AURA: it has migrations this binary does not know.
    /// The file is left untouched.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file is not a readable SQLite database (or failed its integrity check).
    case corrupt(path: String, detail: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let unknown):
            return "the ledger \(path) was written by a newer AURA (schema \(unknown.joined(separator: ", ")) unknown to this version); "
                + "upgrade git-aura, or move the file aside to start a new ledger (it was not modified)"
        case .corrupt(let path, let detail):
            return "the ledger \(path) is damaged (\(detail)); `git aura doctor --rebuild-ledger` rebuilds it from the heal history"
        }
    }
}

/// What `Ledger.open(at:recover:)` had to do to give back a usable ledger.
public struct LedgerRecovery: Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the old file.
    public let problem: String
    /// Where the damaged file was moved (nothing is deleted).
    public let movedTo: String

    public var description: String {
        "the ledger was damaged (\(problem)); moved it to \(movedTo) and started a new one "
            + "(`git aura doctor --rebuild-ledger` restores heal history from git)"
    }
}
