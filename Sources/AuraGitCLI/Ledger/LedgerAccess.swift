import ArgumentParser
import AuraHeal
import AuraLedger

/// The ledger for a command that reads it (history, stats, insights, metrics): opened through
/// `Invocation` (so a damaged file is recovered with a warning); exit 65 when it cannot be opened.
func openLedgerForReading(command: String) throws -> (SnapshotStore, Invocation, Ledger) {
    let store = try openStore()
    let invocation = Invocation.start(store: store, command: command)
    guard let ledger = invocation.ledger else { throw ExitCode(65) }
    return (store, invocation, ledger)
}

/// `--since 30d`: the start of the period in seconds since the epoch (0 = everything).
func sinceTimestamp(_ text: String?) throws -> Double {
    guard let text else { return 0 }
    guard let seconds = DurationText.parse(text) else {
        throw ValidationError("--since takes \(DurationText.allowed) (got '\(text)')")
    }
    return Ledger.now - seconds
}

/// `85.7%`, or `–` when there is nothing to divide.
func percent(_ ratio: Double?) -> String {
    guard let ratio else { return "–" }
    let tenths = Int((ratio * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}
