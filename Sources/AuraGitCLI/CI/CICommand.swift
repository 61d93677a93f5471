import ArgumentParser
import AuraGit
import AuraHeal
import AuraHistory
import AuraProviders
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura ci [--publish REMOTE] [--pr-body FILE] [--sarif FILE] [--write]`: the heal bot
/// for CI runners (docs/ci.md).
struct CICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "For CI runners: diagnose the checked-out commit, heal in memory, publish one branch per problem.",
        discussion: """
            Never asks: what the policy would ask about is reported as remaining.
            Heals are verified and committed in memory; the working tree is
            written only with --write.

            With --publish REMOTE each problem's fix goes to its own branch
            aura/heal/<key> (the key comes from the problem, not its line):
            at most aura.publish.maxOpen open, updated by later runs, and never
            one someone else pushed to. The pull request is the review, so fixes
            the policy would ask about are published too (under the manual
            policy nothing is; critical fixes never are).

            Exit status: 0 no error remains, 1 errors remain that have a fix
            (on a branch, or waiting), 2 errors remain that no fix repaired.
            """)

    @Option(help: "Push each problem's fix to branch aura/heal/<key> on this remote.")
    var publish: String?

    @Option(help: "Write the pull-request descriptions (Markdown) to this file.")
    var prBody: String?

    @Option(help: "Write the problems and heals as SARIF 2.1.0 (for code scanning) to this file.")
    var sarif: String?

    @Flag(help: "Also write the fixes to the working tree (not with --publish).")
    var write = false

    @Option(help: "Heal providers, overriding aura.provider: rules, claude, openai, replay, or a list like rules,claude.")
    var provider: String?

    @Flag(name: .shortAndLong, help: "Log readable lines to standard error (the JSON log is always written).")
    var verbose = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if write && publish != nil {
            throw ValidationError("--write and --publish cannot be combined: a fix goes to the working tree or to a branch for review")
        }
    }

    func run() async throws {
        try await CommandFailure.runAsync(output) { try await ci() }
    }

    private func ci() async throws {
        let store = try openStore()
        let repository = store.repository
        // Arguments and configuration first: a bad remote or key is named before anything is healed.
        let remote = try publish.map { try configuredRemote($0, in: repository) }
        let environment = ProcessInfo.processInfo.environment
        let config = try GitConfig(repository: repository, environment: environment)
        let settings = try HealSettings.load(config, overridden: provider == nil ? [] : ["aura.provider"])
        var healing = settings
        // The pull request is the review: what the policy would ask about goes to it.
        if remote != nil, healing.policy.mode != .manual { healing.policy.mode = .autonomous }
        let publisher = HealPublisher(store: store, maxOpen: settings.publishMaxOpen)
        let head: ObjectID
        do { head = try publisher.headCommit() } catch {
            throw CommandFailureMessage("git aura ci heals a checked-out commit; this repository has none yet", status: ExitStatus.repositoryState)
        }
        let invocation = Invocation.start(store: store, command: "ci", verbose: verbose)
        invocation.beginSession(command: "ci", policy: healing.policy, dryRun: false)
        let refBefore = invocation.healTip()
        let state = repository.commonDirectory + (repository.commonDirectory.hasSuffix("/") ? "" : "/") + "aura"
        let context = ProviderSelection.Context(root: repository.workingDirectory, stateDirectory: state, environment: environment,
                                                interactive: false, progress: nil)
        let providers = try ProviderSelection.provider(config: ProviderConfig(config), override: provider, context: context)
        let options = HealOptions(trailers: [Trailer("Aura-Session", invocation.session)], moduleResults: ModuleResults(repository: repository),
                                  secrets: settings.secrets(in: environment), learned: invocation.learned(settings.learning))
        let outcome: CIHeal.Outcome
        do { outcome = try await CIHeal(store: store, settings: healing, providers: [providers], options: options).run() } catch {
            invocation.record("the failed session") { try $0.endSession(invocation.session, outcome: "failed") }
            throw error
        }

        let branches = remote.map { ProblemBranchPublisher(repository: repository, remote: $0, maxOpen: settings.publishMaxOpen) }
        let results = try publishFixes(outcome.fixes, onto: head, with: publisher, to: branches)
        var recorded = outcome.report
        if write, let heal = outcome.report.heal {
            recorded.writtenPaths = try store.applyToWorkingTree(heal)
        } else {
            // In memory only: the heal is on no ref, so the ledger records no heal operation.
            recorded.healID = nil
            recorded.heal = nil
        }
        invocation.finishHeal(recorded, refBefore: refBefore, outcome: outcome.fixes.isEmpty ? nil : "healed")

        print(CIRendering.text(commit: head, results: results, outcome: outcome), terminator: "")
        if write, !recorded.writtenPaths.isEmpty { print("wrote \(recorded.writtenPaths.joined(separator: ", ")) (undo with `git aura undo`)") }
        if let prBody {
            try writeOutput(results.filter(\.isDescribed).map { CIRendering.pullRequestBody($0, commit: head) }.joined(separator: "\n"), to: prBody)
        }
        if let sarif { try writeOutput(CIRendering.sarif(outcome: outcome, results: results), to: sarif) }
        let status = exitStatus(outcome, results: results)
        if status != ExitStatus.done { throw ExitCode(status) }
    }

    /// Each fix as a commit on `head` (`Aura-Problem` and `Aura-Tree` trailers), pushed to its
    /// branch when publishing; the remote's heal branches are fetched once, first.
    private func publishFixes(_ fixes: [CIHeal.Fix], onto head: ObjectID, with publisher: HealPublisher,
                              to branches: ProblemBranchPublisher?) throws -> [CIFixResult] {
        var tips = try branches.map { try $0.fetchBranches() } ?? [:]
        return try fixes.map { fix in
            let prepared = try publisher.prepare(fix.heal, onto: head, extraTrailers: [Trailer(ProblemBranch.problemTrailer, fix.key)],
                                                 treeTrailer: ProblemBranch.treeTrailer)
            let status = try branches.map { try $0.publish(key: fix.key, commit: prepared.commit, base: head, tree: prepared.tree, tips: &tips) }
            return CIFixResult(fix: fix, prepared: prepared, status: status)
        }
    }

    /// 2 when an error remains that no fix repaired (a failing `main` among them); 1 when errors remain in the commit that have
    /// a fix (on a branch, in memory, or waiting for approval); 0 when none remains. Warnings
    /// left do not fail the run, as with `git aura heal`.
    func exitStatus(_ outcome: CIHeal.Outcome, results: [CIFixResult]) -> Int32 {
        let blocking = outcome.remaining.filter { $0.severity == .error }
        if !outcome.failingMains.isEmpty || blocking.contains(where: { if case .skipped = $0.outcome { return false }; return true }) {
            return ExitStatus.unrepaired
        }
        let healedErrors = results.flatMap(\.fix.items).contains { $0.severity == .error }
        if !blocking.isEmpty || (healedErrors && !write) { return ExitStatus.refused }
        return ExitStatus.done
    }

    /// Writes an output file; a refused write names the file (exit 74).
    private func writeOutput(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandFailureMessage("cannot write \(path): \(error.localizedDescription)", status: ExitStatus.ioError)
        }
    }
}
