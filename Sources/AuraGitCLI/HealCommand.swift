import ArgumentParser
import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraHeal
import AuraLedger
import AuraProviders
#if canImport(Glibc)
import Glibc
#endif
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura heal [--dry-run] [--yes] [--items 1,3] [--json]`
struct HealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heal",
        abstract: "Find problems, propose verified fixes, and apply them per policy (undoable).",
        discussion: """
            Fixes are verified in memory (parse, types, tests, a sandboxed run of main) before they
            touch the working tree, then committed on refs/aura/heal. `aura.policy` (manual, guided,
            supervised, autonomous) and `aura.autoApplyMaxRisk` decide what is applied without asking.
            Without a terminal, anything that needs approval is reported and the exit status is 1.
            """)

    @Argument(help: "Only heal problems in these files or directories: relative to the current directory, or `:/path` from the top of the repository.")
    var paths: [String] = []

    @Flag(help: "Show the plan and what would be applied; change nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Approve every fix up to high risk (critical ones always need a human).")
    var yes = false

    @Option(help: "Only these plan items, e.g. 1,3.")
    var items: String?

    @Option(help: "Heal providers, overriding aura.provider: rules, claude, openai, replay, or a list like rules,claude.")
    var provider: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Close the circuit breaker (after repeated rejected or undone heals) and heal again.")
    var resetBreaker = false

    @Flag(name: .shortAndLong, help: "Log readable lines to standard error (the JSON log is always written).")
    var verbose = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let items, parsedItems(items) == nil { throw ValidationError("--items takes plan numbers like 1,3 (got '\(items)')") }
    }

    func parsedItems(_ text: String) -> Set<Int>? {
        let numbers = text.split(separator: ",").map { Int($0.filter { $0 != " " }) }
        guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return Set(numbers.compactMap { $0 })
    }

    func run() async throws {
        try await CommandFailure.runAsync(output) { try await heal() }
    }

    /// Shows a plan item and asks whether to apply it; the answer is a line on standard input
    /// (a terminal, or a pipe such as `yes y | git aura heal`). End of input answers no.
    static func ask(style: TextStyle, echoAnswers: Bool) -> @Sendable (PlanItem) -> Bool? {
        { item in
            print(HealRendering.item(item, style: style), terminator: "")
            print("apply this fix? [y/N] ", terminator: "")
            guard let answer = readLine() else {
                print("(no answer: end of input)")
                return nil
            }
            // A piped answer is not echoed by a terminal: show it, so the transcript reads right.
            if echoAnswers { print(answer) }
            return answer.lowercased().hasPrefix("y")
        }
    }

    /// The heal itself: policy, breaker and providers from config; session recorded in the ledger.
    private func heal() async throws {
        let store = try openStore()
        // A heal starts with a snapshot: its index is read while the ledger opens.
        store.repository.prefetchIndexForScan()
        // Paths first: a path that names nothing is a usage error before anything is recorded.
        let scope = paths.isEmpty ? nil : try PathArguments(root: store.repository.workingDirectory,
                                                            currentDirectory: FileManager.default.currentDirectoryPath).resolve(paths)
        let config = try GitConfig(repository: store.repository, environment: ProcessInfo.processInfo.environment)
        let settings = try HealSettings.load(config, overridden: provider == nil ? [] : ["aura.provider"])
        let policy = settings.policy
        let invocation = Invocation.start(store: store, command: dryRun ? "heal --dry-run" : "heal", verbose: verbose)
        invocation.beginSession(command: dryRun ? "heal --dry-run" : "heal", policy: policy, dryRun: dryRun)
        if resetBreaker {
            invocation.resetBreaker()
            if !json { print("circuit breaker closed: healing resumes") }
        }
        // An open breaker stops healing, not checking: the plan is still shown, nothing applied.
        let breaker = invocation.breakerState(settings.breaker).flatMap { $0.isOpen ? $0 : nil }
        let refBefore = invocation.healTip()
        let style = output.style
        let answers = AnswerSource.standardInput()
        let interactive = breaker == nil && !json && answers != .none
        let approve = interactive ? Self.ask(style: style, echoAnswers: answers == .piped) : nil
        let showProgress = !json && isatty(2) != 0
        let repository = store.repository
        let state = repository.commonDirectory + (repository.commonDirectory.hasSuffix("/") ? "" : "/") + "aura"
        let writeProgress: @Sendable (String) -> Void = { message in
            let line = "\r\u{1B}[2K" + message
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
        let context = ProviderSelection.Context(root: repository.workingDirectory, stateDirectory: state,
                                                environment: ProcessInfo.processInfo.environment, interactive: isatty(2) != 0,
                                                progress: showProgress ? writeProgress : nil)
        let providers = try ProviderSelection.provider(config: ProviderConfig(config), override: provider, context: context)
        let options = HealOptions(approve: approve, assumeYes: yes, selectedItems: items.flatMap(parsedItems),
                                  paths: scope,
                                  progress: showProgress ? writeProgress : nil,
                                  trailers: [Trailer("Aura-Session", invocation.session)],
                                  moduleResults: ModuleResults(repository: store.repository),
                                  secrets: settings.secrets(in: ProcessInfo.processInfo.environment),
                                  learned: invocation.learned(settings.learning))
        let healer = Healer(store: store, settings: settings, providers: [providers], options: options)
        let report: HealReport
        do { report = try await healer.heal(dryRun: dryRun || breaker != nil) } catch {
            invocation.record("the failed session") { try $0.endSession(invocation.session, outcome: "failed") }
            invocation.logger.error("heal failed", metadata: ["error": .string("\(error)")])
            throw error
        }
        invocation.finishHeal(report, refBefore: refBefore, outcome: breaker == nil ? nil : "breaker-open")
        if showProgress { _ = "\r\u{1B}[2K".withCString { write(2, $0, strlen($0)) } }
        if json {
            print(HealRendering.json(report))
        } else {
            print(HealRendering.text(report, style: style), terminator: "")
        }
        if let breaker {
            let line = style.color("error:", .red, bold: true) + " " + BreakerText.open(breaker) + "\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            throw ExitCode(1)
        }
        // Exit status (docs/healing.md): 1 = fixes wait for approval, 2 = problems remain that no
        // candidate fixed (none proposed, or every one rejected), 0 = nothing left to do.
        if dryRun { return }
        if report.healID == nil && report.items.contains(where: { if case .skipped = $0.outcome { return true }; return false }) {
            throw ExitCode(1)
        }
        if report.unfixedCount > 0 { throw ExitCode(2) }
    }
}

/// `git aura status`: current problems and what healing would do under the current policy.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Diagnostics of the working tree, with the recommended action for each.")

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandFailure.runAsync(output) {
            let store = try openStore()
            let config = try GitConfig(repository: store.repository, environment: ProcessInfo.processInfo.environment)
            let settings = try HealSettings.load(config)
            let invocation = Invocation.start(store: store, command: "status")
            invocation.beginSession(command: "status", policy: settings.policy, dryRun: true)
            let refBefore = invocation.healTip()
            let healer = Healer(store: store, settings: settings, options: HealOptions(
                moduleResults: ModuleResults(repository: store.repository), secrets: settings.secrets(in: ProcessInfo.processInfo.environment),
                learned: invocation.learned(settings.learning)))
            let report = try await healer.heal(dryRun: true)
            invocation.finishHeal(report, refBefore: refBefore)
            if json { print(HealRendering.json(report)) } else { print(HealRendering.status(report, style: output.style), terminator: "") }
            if let breaker = invocation.breakerState(settings.breaker), breaker.isOpen, !json {
                print(output.style.color("note:", .yellow, bold: true) + " " + BreakerText.open(breaker))
            }
            if !report.items.isEmpty { throw ExitCode(2) }
        }
    }
}
