import ArgumentParser
import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraHeal
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura hooks install [--force] | uninstall | status`
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install or remove AURA's pre-commit and post-merge hooks (existing hooks are chained, not overwritten).",
        subcommands: [Install.self, Uninstall.self, Status.self], defaultSubcommand: Status.self)

    static func installer() throws -> HookInstaller {
        let repository = try Repository.discover()
        let environment = ProcessInfo.processInfo.environment
        return try HookInstaller(repository: repository, config: try GitConfig(repository: repository, environment: environment),
                                 home: environment["HOME"])
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "install", abstract: "Install (idempotent; honours core.hooksPath; keeps an existing hook and runs it first).")
        @Flag(help: "Replace a leftover <hook>.aura-chained file.") var force = false
        @OptionGroup var output: OutputOptions
        func run() throws {
            try CommandFailure.run(output) {
                let installer = try HooksCommand.installer()
                for (name, outcome) in try installer.install(force: force).sorted(by: { $0.key < $1.key }) {
                    switch outcome {
                    case .installed(let chained): print("installed \(name)\(chained ? " (your existing hook still runs first)" : "") in \(installer.directory)")
                    case .alreadyInstalled: print("\(name) already installed in \(installer.directory)")
                    case .updated: print("updated \(name) in \(installer.directory) (the script an earlier version installed)")
                    default: break
                    }
                }
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove AURA's hooks and restore the previous ones exactly.",
            discussion: "A hook you edited since `git aura hooks install` is not removed: the command shows your changes and stops (exit 1). With --force it first saves the edited file as <hook>.aura-edited.")
        @Flag(help: "Remove hooks you edited too, after saving each as <hook>.aura-edited.") var force = false
        @OptionGroup var output: OutputOptions
        func run() throws {
            try CommandFailure.run(output) {
                let outcomes: [String: HookInstaller.Outcome]
                do {
                    outcomes = try HooksCommand.installer().uninstall(force: force)
                } catch let edited as HookInstaller.EditedHooks {
                    _ = edited.description.withCString { write(2, $0, strlen($0)) }
                    throw ExitCode(1)
                }
                for (name, outcome) in outcomes.sorted(by: { $0.key < $1.key }) { print(Self.describe(name, outcome)) }
            }
        }

        static func describe(_ name: String, _ outcome: HookInstaller.Outcome) -> String {
            switch outcome {
            case .removed(let removal):
                let legacy = removal.path.hasSuffix(".legacy")
                var line = legacy ? "removed AURA's \(name) script from \(removal.path) (where the pre-commit framework had moved it)"
                    : "removed \(name)"
                if let saved = removal.savedEdited { line += "; your edited version is saved as \(saved)" }
                if removal.restored {
                    line += legacy ? "; your previous hook is back as \(removal.path), which the pre-commit framework runs" : "; your previous hook is back"
                }
                return line
            case .replacedKeepingChained(let chained):
                return "\(name) is no longer AURA's (another tool replaced it), so it is left alone; "
                    + "your hook from before AURA is still at \(chained), and nothing runs it now: "
                    + "to use it again, have the current hook run it, or replace the current hook with it (`mv \(chained) \(chained.dropLast(".aura-chained".count))`)"
            case .notInstalled:
                return "\(name) was not installed by AURA"
            case .installed, .alreadyInstalled, .updated:
                return "\(name) installed"
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Whether the hooks are installed.")
        @OptionGroup var output: OutputOptions
        func run() throws {
            try CommandFailure.run(output) {
                let installer = try HooksCommand.installer()
                print("hooks directory: \(installer.directory)")
                for (name, state) in installer.status().sorted(by: { $0.key < $1.key }) {
                    var line = "\(name): \(state.installed ? "installed" : "not installed (run `git aura hooks install`)")"
                    if state.chained { line += ", chained with your previous hook" }
                    if state.edited { line += ", edited since it was installed" }
                    if state.outdated { line += ", by an earlier version (`git aura hooks install` updates it)" }
                    print(line)
                }
            }
        }
    }
}

/// `git aura hook pre-commit [FILES...] | post-merge [FLAG]` — what the hook scripts and the
/// pre-commit framework call.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Run a hook (called by the installed hook scripts and the pre-commit framework).", shouldDisplay: false)

    @Argument(help: "pre-commit or post-merge") var name: String
    @Argument(help: "pre-commit: files to check as they are on disk (the pre-commit framework passes them; none: the staged tree); post-merge: 1 for a squash merge")
    var arguments: [String] = []
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandFailure.runAsync(output) {
            guard ["pre-commit", "post-merge"].contains(name) else {
                throw ValidationError("unknown hook `\(name)`; AURA provides pre-commit and post-merge")
            }
            if name == "post-merge" && arguments.count > 1 {
                throw ValidationError("post-merge takes one argument (1 for a squash merge), not \(arguments.count)")
            }
            var runner = try Self.runner(style: output.style(fileDescriptor: 2))
            let repository = runner.repository, config = runner.config
            // A tree verified before passes whatever the ledger says (the breaker only stops
            // healing): answered without opening the ledger or starting a session.
            if name == "pre-commit", arguments.isEmpty, try runner.stagedTreeIsVerified() { return }
            // The session is recorded with this hook as its trigger; the breaker holds here too.
            setenv("AURA_TRIGGER", name, 1)
            let store = SnapshotStore(repository: repository)
            let invocation = Invocation.start(store: store, command: "hook \(name)")
            invocation.beginSession(command: "hook \(name)", policy: try HealPolicy.load(from: config), dryRun: false)
            let breakerOpen = invocation.breakerState(try CircuitBreakerPolicy.load(from: config))?.isOpen ?? false
            let refBefore = invocation.healTip()
            runner.learned = invocation.learned(try HealSettings.load(config).learning)
            let result = name == "pre-commit"
                ? try await runner.preCommit(subject(in: repository), allowHealing: !breakerOpen)
                : try await runner.postMerge(squash: arguments.first == "1", allowHealing: !breakerOpen)
            if let report = result.report { invocation.finishHeal(report, refBefore: refBefore) }
            if !result.message.isEmpty { _ = result.message.withCString { write(2, $0, strlen($0)) } }
            if result.status != 0 { throw ExitCode(result.status) }
        }
    }

    /// The runner for the repository around the current directory, with the user's config.
    static func runner(style: TextStyle) throws -> HookRunner {
        let environment = ProcessInfo.processInfo.environment
        let repository = try Repository.discover()
        let config = try GitConfig(repository: repository, environment: environment)
        return HookRunner(repository: repository, config: config, style: style,
                          framework: PreCommitFramework.detect(environment: environment))
    }

    /// The staged tree, or the given files as project paths (they are relative to the current
    /// directory, as git's are; the pre-commit framework runs hooks from the top).
    func subject(in repository: Repository) throws -> HookRunner.Subject {
        guard !arguments.isEmpty else { return .staged }
        let paths = PathArguments(root: repository.workingDirectory, currentDirectory: FileManager.default.currentDirectoryPath)
        return .files(try arguments.map(paths.projectPath))
    }
}

extension GitAuraCommand {
    /// Work a command can start before its arguments are parsed: for `snapshot create` and
    /// `heal`, which scan the working tree, the index read (`EarlyIndexRead`; the command takes
    /// it only if it is of its repository and unchanged). The parse then overlaps the read.
    public static func startEarlyWork(_ arguments: ArraySlice<String>) {
        if arguments.starts(with: ["snapshot", "create"]) || arguments.first == "heal" {
            EarlyIndexRead.start()
        }
    }

    /// `git-aura hook pre-commit`, exactly as the installed hook script runs it, when the staged
    /// tree was verified before: true when it was (the hook passes, exit 0). Anything else —
    /// other arguments, a tree not verified yet, any error — is false and the command runs
    /// through ArgumentParser as usual, which reports what is wrong.
    ///
    /// Why not through ArgumentParser: its parse costs ~2.9 ms per start on this machine (of
    /// which 1.35 ms is its check for a completion-script request, two more parsers built and
    /// run on every invocation), and the async entry it needs starts the concurrency runtime's
    /// threads (~0.5 ms) — together more than the answer itself (~1.5 ms: index read and a
    /// cache lookup) on every commit of an unchanged tree. Measured with uprobes on the release
    /// binary, 20 runs: see docs/performance.md.
    public static func answersVerifiedPreCommit(_ arguments: ArraySlice<String>) -> Bool {
        guard arguments.elementsEqual(["hook", "pre-commit"]) else { return false }
        do {
            return try HookCommand.runner(style: .plain).stagedTreeIsVerified()
        } catch {
            return false
        }
    }
}
