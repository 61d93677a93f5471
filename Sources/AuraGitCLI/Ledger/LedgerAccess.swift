import ArgumentParser
import AuraHeal
import AuraHistory
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

/// `--since` and `--json`, shared by the ledger report commands (`stats`, `insights`).
struct ReportOptions: ParsableArguments {
    @Option(help: "Only the last period, e.g. 7d, 30d, 12h (default: everything).")
    var since: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try sinceTimestamp(since) }

    /// Opens the ledger for reading, runs the query, prints JSON or the rendered text.
    func run<Report: Encodable>(_ command: String, query: (Ledger, Double) throws -> Report, render: (Report) -> String) throws {
        try CommandFailure.run(output) {
            let (_, _, ledger) = try openLedgerForReading(command: command)
            let report = try query(ledger, try sinceTimestamp(since))
            if json { print(try HistoryRendering.encode(report)) } else { print(render(report), terminator: "") }
        }
    }
}
