import ArgumentParser
import AuraGit
import AuraHeal
import AuraHistory
import AuraLedger
import AuraProviders
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `git aura watch [--status]`: heal `.aura` files as they are saved.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch the working tree and heal .aura files per policy when they are saved.",
        discussion: """
            One watcher per worktree (lock file <git dir>/aura/watch.lock). Changed .aura files that git
            does not ignore are healed after they settle (aura.watch.debounce, 300 ms), exactly like
            `git aura heal` without a terminal. Outside aura.schedule.hours / aura.schedule.days only safe
            fixes are applied; the rest is deferred until the window opens. SIGINT or SIGTERM stops it
            after the heal in progress. --status says whether a watcher runs (exit status 0) or not (1).
            """)

    @Flag(help: "Say whether a watcher runs on this worktree (pid, since when) and exit.")
    var status = false

    @Flag(name: .shortAndLong, help: "Log readable lines to standard error (the JSON log is always written).")
    var verbose = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CommandFailure.runAsync(output) { status ? try showStatus() : try await watch() }
    }

    private func showStatus() throws {
        let repository = try Repository.discover()
        let worktree = String(repository.workingDirectory.dropLast())
        guard let watcher = WatchLock.current(repository) else {
            print("no watcher runs on \(worktree)")
            throw ExitCode(1)
        }
        print("watching \(watcher.worktree) since \(WatchLock.time(watcher.since)) (pid \(watcher.pid))")
    }

    private func watch() async throws {
        let store = try openStore()
        let environment = ProcessInfo.processInfo.environment
        let config = try GitConfig(repository: store.repository, environment: environment)
        let settings = try HealSettings.load(config)
        let watchSettings = try WatchSettings.load(config)
        let lock: WatchLock
        do { lock = try WatchLock(repository: store.repository) } catch let held as WatchLockHeld {
            throw CommandFailureMessage(held.description, status: ExitStatus.busy)
        }
        defer { lock.release() }
        let stop = try StopSignals.install()
        let invocation = Invocation.start(store: store, command: "watch", verbose: verbose)
        let repository = store.repository
        let context = ProviderSelection.Context(root: repository.workingDirectory, stateDirectory: repository.commonDirectory + "aura",
                                                environment: environment, interactive: false, progress: nil)
        let providerConfig = ProviderConfig(config)
        // Checked now, so a bad provider setting stops the watcher at start instead of at every pass.
        _ = try ProviderSelection.provider(config: providerConfig, override: nil, context: context)
        let pass = WatchPass(store: store, settings: settings, watch: watchSettings, ledger: invocation.ledger,
                             secrets: settings.secrets(in: environment)) { models in
            models ? [try ProviderSelection.provider(config: providerConfig, override: nil, context: context)] : [RulesProvider()]
        }
        // Unbuffered: each line reaches a pipe or a log file as it happens; the JSON log gets it too.
        let logger = invocation.logger
        let say: @Sendable (String) -> Void = { line in
            let text = line + "\n"
            _ = text.withCString { write(1, $0, strlen($0)) }
            logger.info("watch", metadata: ["message": .string(line)])
        }
        let loop = WatchLoop(pass: pass, notifier: Notifier(mode: watchSettings.notify, environment: environment, terminal: say), say: say)
        let watcher = try InotifyWatcher(repository: repository, stopDescriptor: stop)
        say("watching \(lock.info.worktree) (pid \(lock.info.pid), \(watcher.watchedDirectories) director\(watcher.watchedDirectories == 1 ? "y" : "ies"), "
            + "debounce \(Int(watchSettings.debounce * 1000)) ms\(Self.window(config))); stop with Ctrl-C")
        if !watcher.unwatched.isEmpty {
            Invocation.warn("\(watcher.unwatched.count) directories are not watched: the inotify limit is reached "
                            + "(raise it with `sudo sysctl fs.inotify.max_user_watches=524288`)")
        }
        invocation.logger.notice("watch started", metadata: ["pid": .stringConvertible(lock.info.pid), "worktree": .string(lock.info.worktree)])
        await loop.run(watcher: watcher) { Date().timeIntervalSince1970 }
        invocation.logger.notice("watch stopped", metadata: ["pid": .stringConvertible(lock.info.pid)])
        say("stopped")
    }

    /// `, window 22-4 sat,sun` when a schedule is set.
    static func window(_ config: GitConfig) -> String {
        let parts = ["aura.schedule.hours", "aura.schedule.days"].compactMap { config.value($0)?.value }
        return parts.isEmpty ? "" : ", window " + parts.joined(separator: " ")
    }
}

/// SIGINT and SIGTERM write a byte to a pipe the watcher polls (a handler may do nothing else
/// safely), so a signal stops the loop between passes, never in the middle of one.
enum StopSignals {
    nonisolated(unsafe) static var writeEnd: Int32 = -1

    /// Installs the handlers; returns the pipe's read end.
    static func install() throws -> Int32 {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw CommandFailureMessage("cannot create the signal pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        writeEnd = ends[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(StopSignals.writeEnd, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        return ends[0]
    }
}
