import ArgumentParser
import AuraGit
import AuraHistory
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The remote a sharing command talks to: a configured remote, since its name becomes part of
/// the refs fetched copies live under.
func configuredRemote(_ name: String, in repository: Repository) throws -> String {
    guard SharedHistory.isValidRemoteName(name) else {
        throw CommandFailureMessage("`\(name)` cannot be a remote name here; give the name of a configured remote (see `git remote -v`)",
                                    status: ExitStatus.usage)
    }
    let config = try GitConfig(repository: repository, environment: ProcessInfo.processInfo.environment)
    guard config.string("remote.\(name).url") != nil else {
        throw CommandFailureMessage("no remote named `\(name)` (see `git remote -v`; add one with `git remote add \(name) URL`)",
                                    status: ExitStatus.usage)
    }
    return name
}

/// The arguments `push` and `fetch` share.
struct RemoteArguments: ParsableArguments {
    @Argument(help: "The remote (default: origin).") var remote: String = "origin"
    @Flag(help: "Show what would be sent or received; change nothing.") var dryRun = false

    /// The repository (after finishing any interrupted operation) and the checked remote name.
    func open() throws -> (Repository, String) {
        let repository = try openStore().repository
        return (repository, try configuredRemote(remote, in: repository))
    }
}

/// `git aura push [REMOTE] [--dry-run]`: send this clone's heal history to a remote.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send this clone's heal history (refs/aura/*) to a remote, under refs/aura/clones/<clone-id>/.",
        discussion: """
        Each clone writes only under its own id on the remote, and each ref is sent with a lease \
        on what the last push or fetch saw there, so a push never overwrites a ref it has not seen \
        (run `git aura fetch` first when it is refused). The user's git setup (credentials, SSH, \
        pre-push hooks) applies as for `git push`.
        """)

    @OptionGroup var target: RemoteArguments
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandFailure.run(output) {
            let (repository, remote) = try target.open()
            let dryRun = target.dryRun
            let cloneID = try SharedHistory.cloneID(of: repository)
            let plan = try SharedHistory.pushPlan(repository: repository, remote: remote, cloneID: cloneID)
            guard !plan.isEmpty else {
                print("nothing to push: \(remote) has this clone's heal history (clone \(cloneID))")
                return
            }
            var arguments = ["push", "--quiet"] + (dryRun ? ["--dry-run"] : []) + [remote]
            arguments += plan.map { "--force-with-lease=\($0.remote):\($0.expected?.hex ?? "")" }
            arguments += plan.map { ($0.new.map(\.hex) ?? "") + ":" + $0.remote }
            let (status, errors) = try GitProcess.runKeepingErrors(arguments, in: repository.workingDirectory)
            guard status == 0 else {
                if errors.contains("stale info") || errors.contains("fetch first") {
                    throw CommandFailureMessage("\(remote) has a copy of this clone's history that this clone has not seen; "
                                                + "run `git aura fetch \(remote)` and push again", status: ExitStatus.refused)
                }
                throw CommandFailureMessage("git push to \(remote) failed (exit \(status)); nothing was recorded as pushed", status: ExitStatus.refused)
            }
            if !dryRun {
                // The remote now holds what was sent: record it as the fetched copy, the lease of the next push.
                for update in plan {
                    try repository.updateReference(update.tracking, to: update.new, expecting: update.expected,
                                                   message: "aura: pushed to \(remote)")
                }
            }
            let verb = dryRun ? "would push" : "pushed"
            print("\(verb) \(plan.count) ref\(plan.count == 1 ? "" : "s") of clone \(cloneID) to \(remote)")
            for update in plan {
                let what = update.new.map { "\(update.local ?? "?") \($0.short)" } ?? "delete"
                print("  \(update.remote)  \(what)")
            }
        }
    }
}

/// `git aura fetch [REMOTE] [--dry-run]`: receive every clone's heal history from a remote.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Receive the heal history of every clone from a remote, into refs/aura/remotes/<remote>/<clone-id>/.",
        discussion: "`git aura history --all` then lists their heals. This clone's own refs/aura/heal is never changed.")

    @OptionGroup var target: RemoteArguments
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandFailure.run(output) {
            let (repository, remote) = try target.open()
            let dryRun = target.dryRun
            // --prune applies to the refspec given: copies of refs a clone deleted go too.
            let arguments = ["fetch", "--quiet", "--no-tags", "--prune"] + (dryRun ? ["--dry-run"] : [])
                + [remote, SharedHistory.fetchRefspec(remote: remote)]
            let (status, _) = try GitProcess.runKeepingErrors(arguments, in: repository.workingDirectory)
            guard status == 0 else { throw CommandFailureMessage("git fetch from \(remote) failed (exit \(status))", status: ExitStatus.refused) }
            if dryRun {
                print("dry run: nothing fetched")
                return
            }
            let own = try SharedHistory.cloneID(of: repository)
            let histories = try SharedHistory.fetchedHistories(in: repository).filter { $0.remote == remote }
            let others = histories.filter { $0.cloneID != own }
            print("fetched the heal history of \(others.count) other clone\(others.count == 1 ? "" : "s") from \(remote)")
            for history in others {
                let heals = history.entries.filter { $0.kind == .heal }
                let newest = heals.first.map { ", newest \($0.id) \($0.reason)" } ?? ""
                print("  \(history.cloneID) \(history.ref): \(heals.count) heal\(heals.count == 1 ? "" : "s")\(newest)")
            }
        }
    }
}

/// `git aura undo --push REMOTE`: the published branches (`aura/heal/<id>`) of undone heals are
/// deleted on the remote, and here, only while they still point at what `publish` made: a
/// branch someone pushed to is left alone (a lease on the published commit).
func closePublishedBranches(of undone: [HistoryEntry], remote: String, repository: Repository) throws -> [String] {
    let remote = try configuredRemote(remote, in: repository)
    var lines: [String] = []
    for heal in undone where heal.kind == .heal {
        let branch = HealPublisher.branchPrefix + heal.id
        guard let published = try repository.reference(branch) else { continue }
        let short = String(branch.dropFirst("refs/heads/".count))
        let (status, errors) = try GitProcess.runKeepingErrors(
            ["push", "--quiet", "--force-with-lease=\(branch):\(published.hex)", remote, ":" + branch], in: repository.workingDirectory)
        if status != 0 {
            if errors.contains("remote ref does not exist") {
                lines.append("\(short) was not on \(remote)")
            } else if errors.contains("stale info") {
                lines.append("kept \(short) on \(remote): it has commits \(heal.id) did not publish")
                continue
            } else {
                throw CommandFailureMessage("deleting \(short) on \(remote) failed (exit \(status))", status: ExitStatus.refused)
            }
        } else {
            lines.append("deleted \(short) on \(remote)")
        }
        try repository.updateReference(branch, to: nil, expecting: published, message: "aura: \(heal.id) undone")
    }
    return lines
}
