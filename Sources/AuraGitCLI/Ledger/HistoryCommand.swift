import ArgumentParser
import AuraHistory
import AuraLedger

/// `git aura history [--limit N] [--all] [--json]`: the operation log, newest first, in the style of
/// `jj op log`; with `--all`, also the heals of the other clones fetched with `git aura fetch`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The operation log: every snapshot, heal, undo, redo, restore and prune, with the ref before and after.")

    // `.unconditional`: `--limit -1` is refused by `validate`, not read as an option.
    @Option(parsing: .unconditional, help: "Show at most this many operations, 1 or more.")
    var limit: Int = 50

    @Flag(help: "Also list the heals of other clones, fetched with `git aura fetch`.")
    var all = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit))") }
    }

    func run() throws {
        try CommandFailure.run(output) {
            let (store, _, ledger) = try openLedgerForReading(command: "history")
            let operations = try ledger.operations(limit: limit)
            var fetched: [SharedHistory.FetchedHistory] = []
            if all {
                let own = try SharedHistory.cloneID(of: store.repository)
                fetched = try SharedHistory.fetchedHistories(in: store.repository, limit: limit).filter { $0.cloneID != own }
            }
            if json {
                if all {
                    print(try HistoryRendering.encode(AllJSON(operations: operations.map(OperationJSON.init), clones: fetched.map(CloneJSON.init))))
                } else {
                    print(try HistoryRendering.encode(operations.map(OperationJSON.init)))
                }
                return
            }
            print(render(operations), terminator: "")
            if all { print(render(fetched), terminator: "") }
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

    /// `--all --json`: this clone's operations and the other clones' heal histories.
    struct AllJSON: Encodable {
        let operations: [OperationJSON]
        let clones: [CloneJSON]
    }

    struct CloneJSON: Encodable {
        struct Entry: Encodable {
            let id: String
            let kind: String
            let commit: String
            let reason: String
            let time: Int64
        }
        let remote: String
        let clone: String
        let ref: String
        let entries: [Entry]

        init(_ history: SharedHistory.FetchedHistory) {
            remote = history.remote
            clone = history.cloneID
            ref = history.ref
            entries = history.entries.map { Entry(id: $0.id, kind: $0.kind.rawValue, commit: $0.commit.hex, reason: $0.reason, time: $0.time) }
        }
    }

    /// The other clones' heals and restores, newest first within each clone.
    func render(_ fetched: [SharedHistory.FetchedHistory]) -> String {
        let style = output.style
        let now = Int64(Ledger.now)
        var out = "\n" + style.bold("heals of other clones") + " (fetched with git aura fetch)\n"
        if fetched.isEmpty { return out + "  none fetched yet: run `git aura fetch REMOTE`\n" }
        for history in fetched {
            out += "  \(history.remote)/\(history.cloneID) \(style.dim(history.ref))\n"
            let changes = history.entries.filter { $0.kind.isUndoable }
            if changes.isEmpty { out += "    no heals\n" }
            for entry in changes {
                out += "    \(style.color(entry.id, .yellow)) \(entry.kind.rawValue)  \(entry.reason)  "
                    + HistoryRendering.age(seconds: now - entry.time) + "\n"
            }
        }
        return out
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
