import ArgumentParser
import AuraLedger

/// `git aura history [--limit N] [--json]`: the operation log, newest first, in the style of `jj op log`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The operation log: every snapshot, heal, undo, redo, restore and prune, with the ref before and after.")

    // `.unconditional`: `--limit -1` is refused by `validate`, not read as an option.
    @Option(parsing: .unconditional, help: "Show at most this many operations, 1 or more.")
    var limit: Int = 50

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit))") }
    }

    func run() throws {
        try CommandFailure.run(output) {
            let (_, _, ledger) = try openLedgerForReading(command: "history")
            let operations = try ledger.operations(limit: limit)
            if json {
                print(try HistoryRendering.encode(operations.map(OperationJSON.init)))
                return
            }
            print(render(operations), terminator: "")
        }
    }

    /// One operation in `--json` output (camelCase like the other commands' JSON).
    struct OperationJSON: Encodable {
        let id: Int64?
        let kind: String
        let entryID: String?
        let ref: String
        let refBefore: String?
        let refAfter: String?
        let detail: String
        let time: Double
        let sessionID: String?

        init(_ operation: OperationRecord) {
            id = operation.id
            kind = operation.kind.rawValue
            entryID = operation.entryID
            ref = operation.ref
            refBefore = operation.refBefore
            refAfter = operation.refAfter
            detail = operation.detail
            time = operation.at
            sessionID = operation.sessionID
        }
    }

    func render(_ operations: [OperationRecord]) -> String {
        guard !operations.isEmpty else { return "no operations recorded yet\n" }
        let style = output.style
        let now = Int64(Ledger.now)
        var out = ""
        for (index, operation) in operations.enumerated() {
            let node = index == 0 ? style.bold("@") : "○"
            let entry = operation.entryID.map { " " + style.color($0, .yellow) } ?? ""
            let session = operation.sessionID.map { "  " + style.dim($0) } ?? ""
            out += "\(node)  \(style.dim("#\(operation.id ?? 0)")) \(style.bold(operation.kind.rawValue))\(entry)  "
                + HistoryRendering.age(seconds: now - Int64(operation.at)) + session + "\n"
            let before = operation.refBefore.map { String($0.prefix(7)) } ?? "none"
            let after = operation.refAfter.map { String($0.prefix(7)) } ?? "none"
            let rail = index == operations.count - 1 ? " " : "│"
            out += "\(rail)  \(operation.ref) \(before) → \(after)" + (operation.detail.isEmpty ? "" : "  " + style.dim(operation.detail)) + "\n"
        }
        return out
    }
}
