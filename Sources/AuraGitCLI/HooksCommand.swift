import ArgumentParser
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
        return HookInstaller(repository: repository, config: try GitConfig(repository: repository, environment: ProcessInfo.processInfo.environment))
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Install (idempotent; honours core.hooksPath; keeps an existing hook and runs it first).")
        @Flag(help: "Replace a leftover <hook>.aura-chained file.") var force = false
        @OptionGroup var output: OutputOptions
        func run() throws {
            try CommandFailure.run(output) {
                let installer = try HooksCommand.installer()
                for (name, outcome) in try installer.install(force: force).sorted(by: { $0.key < $1.key }) {
                    switch outcome {
                    case .installed(let chained): print("installed \(name)\(chained ? " (your existing hook still runs first)" : "") in \(installer.directory)")
                    case .alreadyInstalled: print("\(name) already installed")
                    default: break
                    }
                }
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove AURA's hooks and restore the previous ones exactly.")
        @OptionGroup var output: OutputOptions
        func run() throws {
            try CommandFailure.run(output) {
                for (name, outcome) in try HooksCommand.installer().uninstall().sorted(by: { $0.key < $1.key }) {
                    switch outcome {
                    case .removed(let restored): print("removed \(name)\(restored ? "; your previous hook is back" : "")")
                    case .notInstalled: print("\(name) was not installed by AURA")
                    default: break
                    }
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether the hooks are installed.")
        @OptionGroup var output: OutputOptions
        func run() throws {
            try CommandFailure.run(output) {
                let installer = try HooksCommand.installer()
                for (name, state) in installer.status().sorted(by: { $0.key < $1.key }) {
                    print("\(name): \(state.installed ? "installed" : "not installed (run `git aura hooks install`)")\(state.chained ? ", chained with your previous hook" : "")")
                }
            }
        }
    }
}

/// `git aura hook pre-commit|post-merge` — what the hook scripts call.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Run a hook (called by the installed hook scripts).", shouldDisplay: false)

    @Argument(help: "pre-commit or post-merge") var name: String
    @Argument(help: "post-merge: 1 for a squash merge") var flag: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandFailure.runAsync(output) {
            guard ["pre-commit", "post-merge"].contains(name) else {
                throw ValidationError("unknown hook `\(name)`; AURA provides pre-commit and post-merge")
            }
            let repository = try Repository.discover()
            let config = try GitConfig(repository: repository, environment: ProcessInfo.processInfo.environment)
            let runner = HookRunner(repository: repository, config: config, style: output.style(fileDescriptor: 2))
            // The session is recorded with this hook as its trigger; the breaker holds here too.
            setenv("AURA_TRIGGER", name, 1)
            let store = SnapshotStore(repository: repository)
            let invocation = Invocation.start(store: store, command: "hook \(name)")
            invocation.beginSession(command: "hook \(name)", policy: try HealPolicy.load(from: config), dryRun: false)
            let breakerOpen = invocation.breakerState(try CircuitBreakerPolicy.load(from: config))?.isOpen ?? false
            let refBefore = invocation.healTip()
            let result = name == "pre-commit"
                ? try await runner.preCommit(allowHealing: !breakerOpen)
                : try await runner.postMerge(squash: flag == "1", allowHealing: !breakerOpen)
            if let report = result.report { invocation.finishHeal(report, refBefore: refBefore) }
            if !result.message.isEmpty { _ = result.message.withCString { write(2, $0, strlen($0)) } }
            if result.status != 0 { throw ExitCode(result.status) }
        }
    }
}
