#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import AuraGit
import AuraHistory
import AuraHeal
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Opens the repository the way git would for the current directory and environment, and
/// finishes an operation a killed `git aura` left half-done (whatever the command is).
func openStore() throws -> SnapshotStore {
    let store = SnapshotStore(repository: try Repository.discover())
    do {
        try store.recover()
    } catch {
        // Reading commands (doctor, listings) still run; writing ones recover again and fail.
        let line = "warning: could not finish the interrupted AURA operation: \(error)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
    return store
}

/// `git aura snapshot create|restore|prune`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Record, restore or prune snapshots of the working tree.",
        subcommands: [Create.self, Restore.self, Prune.self])

    /// `git aura snapshot create [-m MSG]`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Record the working tree (tracked and untracked files, not ignored ones) without touching the index.")

        @Option(name: .shortAndLong, help: "Why the snapshot is taken.")
        var message: String = "manual snapshot"

        @Flag(help: "Print the snapshot as JSON.")
        var json = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            try CommandFailure.run(output) {
                let store = try openStore()
                // Takes the read begun at process entry (or starts one) before the ledger opens.
                store.repository.prefetchIndexForScan()
                let entry = try Invocation.Opening(store: store, command: "snapshot").tracking(.snapshot, entries: { [$0.id] }) {
                    try store.snapshot(reason: message)
                }
                let rendering = HistoryRendering(store: store, style: output.style)
                if json {
                    print(try HistoryRendering.encode(try rendering.json(entry, undone: false)))
                } else {
                    print("created snapshot \(output.style.color(entry.id, .yellow)): \(entry.reason)")
                }
            }
        }
    }

    /// `git aura snapshot restore ID`.
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Make the working tree match a snapshot again (the current state is snapshotted first).")

        @Argument(help: "Snapshot or heal id, or a unique prefix of it.")
        var id: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            try CommandFailure.run(output) {
                let store = try openStore()
                let outcome = try Invocation.Opening(store: store, command: "restore").tracking(
                    .restore, detail: { "snapshot before: \($0.before.id)" }, entries: { [$0.restore?.id].compactMap { $0 } }) {
                    try store.restore(id)
                }
                guard let restore = outcome.restore else {
                    print("working tree already matches \(id); nothing written (state kept as \(outcome.before.id))")
                    return
                }
                print("restored \(restore.trailers.value(AuraTrailer.restores) ?? id): \(outcome.writtenPaths.count) path(s) written")
                print("previous state saved as \(output.style.color(outcome.before.id, .yellow)); undo with `git aura undo`")
            }
        }
    }

    /// `git aura snapshot prune [--keep N]`.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Drop all but the newest entries of the history so git can collect them.")

        // `.unconditional`: `--keep -1` is a value to refuse precisely, not an unknown option.
        @Option(parsing: .unconditional, help: "Entries to keep, 1 or more (default: aura.history.size, else 50).")
        var keep: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let keep, keep < 1 { throw ValidationError("--keep must be 1 or more (got \(keep))") }
        }

        func run() throws {
            try CommandFailure.run(output) {
                let store = try openStore()
                // Judged by PolicyKeys like every key: a bad value names its origin.
                let config = try GitConfig(repository: store.repository, environment: ProcessInfo.processInfo.environment)
                let configured = try PolicyKeys.validated(config, "aura.history.size").flatMap { Int($0) }
                let outcome = try Invocation.Opening(store: store, command: "prune").tracking(
                    .prune, detail: { "kept \($0.kept), removed \($0.removed)" }, entries: { _ in [] }) {
                    try store.prune(keep: keep ?? configured ?? 50)
                }
                if outcome.removed == 0 {
                    print("nothing to prune: \(outcome.kept) entr\(outcome.kept == 1 ? "y" : "ies") kept")
                } else {
                    print("pruned \(outcome.removed) entr\(outcome.removed == 1 ? "y" : "ies"), kept \(outcome.kept)")
                    print("previous tip \(outcome.previousTip!.short) stays in `git reflog \(store.refs.heal)` until git expires it")
                }
            }
        }
    }
}

/// `git aura snapshots [--json] [--limit N]`.
struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots", abstract: "List snapshots, heals and restores, newest first.")

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(parsing: .unconditional, help: "Show at most this many entries, 1 or more.")
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit))") }
    }

    func run() throws {
        try CommandFailure.run(output) {
            let store = try openStore()
            let history = try store.history(limit: limit)
            let rows = history.redoable.map { ($0, true) } + history.entries.map { ($0, false) }
            let rendering = HistoryRendering(store: store, style: output.style)
            if json {
                print(try HistoryRendering.encode(try rows.map { try rendering.json($0.0, undone: $0.1) }))
            } else {
                print(try rendering.table(rows), terminator: "")
            }
        }
    }
}
