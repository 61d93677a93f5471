import ArgumentParser
import AuraGit
import AuraHeal
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura undo [--list] [--to ID] [--force] [--push REMOTE] [--json]`.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take back the newest heal or restore (only if its files still hold what it wrote).")

    @Flag(help: "List what can be undone and redone instead of undoing.")
    var list = false

    @Option(help: "Undo every heal/restore newer than this entry (and the entry itself if it is one).")
    var to: String?

    @Flag(help: "Undo even if the files were edited since: snapshot the edits first, then overwrite.")
    var force = false

    @Option(help: "Also delete the published branches (aura/heal/<id>) of the undone heals on this remote.")
    var push: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if list && (to != nil || force || push != nil) { throw ValidationError("--list cannot be combined with --to, --force or --push") }
    }

    func run() throws {
        try CommandFailure.run(output) {
            let store = try openStore()
            let rendering = HistoryRendering(store: store, style: output.style)
            if list {
                let history = try store.history()
                let rows = history.redoable.map { ($0, true) } + history.undoable.map { ($0, false) }
                if json {
                    print(try HistoryRendering.encode(try rows.map { try rendering.json($0.0, undone: $0.1) }))
                } else if rows.isEmpty {
                    print("nothing to undo or redo")
                } else {
                    print(try rendering.table(rows), terminator: "")
                }
                return
            }
            // The remote is checked before anything is undone.
            if let push { _ = try configuredRemote(push, in: store.repository) }
            let outcome = try Invocation.Opening(store: store, command: "undo").tracking(
                .undo, detail: { "\($0.restoredPaths.count) path(s) restored" }, entries: { $0.undone.map(\.id) }) {
                try to.map { try store.undo(to: $0, force: force) } ?? store.undo(force: force)
            }
            let closed = try push.map { try closePublishedBranches(of: outcome.undone, remote: $0, repository: store.repository) } ?? []
            if json {
                struct UndoJSON: Codable {
                    let undone: [HistoryRendering.EntryJSON]
                    let restoredPaths: [String]
                    let safetySnapshot: String?
                    let publishedBranches: [String]
                }
                print(try HistoryRendering.encode(UndoJSON(
                    undone: try outcome.undone.map { try rendering.json($0, undone: true) },
                    restoredPaths: outcome.restoredPaths, safetySnapshot: outcome.safetySnapshot?.id, publishedBranches: closed)))
                return
            }
            if let safety = outcome.safetySnapshot {
                print("your edits were saved as snapshot \(output.style.color(safety.id, .yellow)) (git aura snapshot restore \(safety.id))")
            }
            for entry in outcome.undone {
                print("undid \(output.style.color(entry.id, .yellow)): \(entry.reason)")
            }
            print("\(outcome.restoredPaths.count) path(s) restored\(outcome.restoredPaths.isEmpty ? "" : ": " + HistoryRendering.summary(outcome.restoredPaths)); redo with `git aura redo`")
            for line in closed { print(line) }
        }
    }
}

/// `git aura redo`.
struct RedoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redo", abstract: "Re-apply the heal or restore undone last.")

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandFailure.run(output) {
            let store = try openStore()
            let outcome = try Invocation.Opening(store: store, command: "redo").tracking(
                .redo, detail: { "\($0.writtenPaths.count) path(s) written" }, entries: { [$0.redone.id] }) {
                try store.redo()
            }
            if json {
                struct RedoJSON: Codable {
                    let redone: HistoryRendering.EntryJSON
                    let writtenPaths: [String]
                }
                let rendering = HistoryRendering(store: store, style: output.style)
                print(try HistoryRendering.encode(RedoJSON(redone: try rendering.json(outcome.redone, undone: false),
                                                           writtenPaths: outcome.writtenPaths)))
                return
            }
            print("redid \(output.style.color(outcome.redone.id, .yellow)): \(outcome.redone.reason) (\(outcome.writtenPaths.count) path(s) written)")
        }
    }
}
