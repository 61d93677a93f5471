import ArgumentParser
import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraHeal
import AuraJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura publish [ID|--all] [--push REMOTE] [--body-file F] [--json]`
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a heal as branch aura/heal/<id> on top of HEAD, for review in a pull request.")

    @Argument(help: "The heal to publish (default: the newest).") var id: String?
    @Flag(help: "Publish every heal on the history that is not published yet.") var all = false
    @Option(help: "Push the branch to this remote.") var push: String?
    @Option(help: "Write the pull-request description (Markdown) to this file.") var bodyFile: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandFailure.run(output) {
            let store = try openStore()
            let config = try GitConfig(repository: store.repository, environment: ProcessInfo.processInfo.environment)
            let publisher = HealPublisher(store: store, maxOpen: try HealSettings.load(config).publishMaxOpen)
            let heals = try store.history().entries.filter { $0.kind == .heal }
            // Nothing to publish is a refusal (exit 1) that says why and what to run next.
            let noHeal = CommandFailureMessage("nothing to publish: the AURA history has no heal yet; run `git aura heal` first",
                                               status: ExitStatus.refused)
            var targets: [HistoryEntry]
            if let id { targets = [try store.resolve(id)] } else if all {
                guard !heals.isEmpty else { throw noHeal }
                let open = Set(try publisher.openBranches())
                targets = heals.filter { !open.contains(HealPublisher.branchPrefix + $0.id) }
                guard !targets.isEmpty else {
                    throw CommandFailureMessage("nothing to publish: every heal on the history (\(heals.count)) is already published "
                        + "as an aura/heal/<id> branch; `git branch --list 'aura/heal/*'` lists them", status: ExitStatus.refused)
                }
            } else {
                guard let newest = heals.first else { throw noHeal }
                targets = [newest]
            }
            var results: [HealPublisher.Published] = []
            for heal in targets {
                let published = try publisher.publish(heal)
                results.append(published)
                if let push, try GitProcess.run(["push", "--quiet", push, "refs/heads/\(published.branch):refs/heads/\(published.branch)"],
                                                in: store.repository.workingDirectory) != 0 {
                    throw CommandFailureMessage("pushing \(published.branch) to \(push) failed")
                }
            }
            if let bodyFile { try results.map(\.body).joined(separator: "\n---\n\n").write(toFile: bodyFile, atomically: true, encoding: .utf8) }
            if json {
                var writer = JSONWriter()
                writer.beginArray()
                for result in results {
                    writer.beginObject()
                    writer.field("branch", result.branch)
                    writer.field("commit", result.commit.hex)
                    if let push { writer.field("pushedTo", push) }
                    writer.field("body", result.body)
                    writer.endObject()
                }
                writer.endArray()
                print(writer.output)
            } else {
                for result in results {
                    print("published \(result.branch) (\(result.commit.short))" + (push.map { ", pushed to \($0)" } ?? ""))
                }
                if bodyFile == nil, results.count == 1 { print("\n" + results[0].body) }
            }
        }
    }
}
