import ArgumentParser
import AuraDiagnostics
import AuraGit
import AuraHeal
import AuraHistory
import AuraProviders
import AuraVM
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura run FILE [--no-heal] [--yes] [--provider P] [--checkpoint-every 30s] [-- args]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an AURA program like `aura run`, healing runtime errors and resuming.",
        discussion: """
            On a runtime error the working tree is snapshotted ("before hot reload"), the error is \
            healed as `git aura heal` would (providers, policy, in-memory verification), the heal is \
            committed on refs/aura/heal and written, and the changed functions are hot-swapped: the \
            outermost pure call of the failing chain runs again with the same arguments, so effects \
            already performed are not repeated. An error inside an effectful (`!`) function stops \
            the program; its heal is kept for the next run. Exit status as `aura run`: 0, 1 on a \
            runtime error, 2 on compile errors.
            """)

    @Argument(help: "The program's main file.")
    var file: String

    @Argument(parsing: .postTerminator, help: "Arguments for the program (`args!()`), after `--`.")
    var programArguments: [String] = []

    @Flag(help: "Run exactly as `aura run`: no healing, no snapshots.")
    var noHeal = false

    @Flag(name: .shortAndLong, help: "Approve every fix up to high risk (critical ones always need a human).")
    var yes = false

    @Option(help: "Heal providers, overriding aura.provider: rules, claude, openai, replay, or a list like rules,claude.")
    var provider: String?

    @Option(help: "Snapshot the working tree (\"checkpoint\") this often while the program runs: 30s, 5m, 500ms, 1h.")
    var checkpointEvery: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let checkpointEvery, Self.seconds(checkpointEvery) == nil {
            throw ValidationError("--checkpoint-every takes a duration like 30s, 5m, 500ms or 1h (got '\(checkpointEvery)')")
        }
    }

    /// `30s`, `5m`, `500ms`, `1h`, or plain seconds; nil unless positive.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let (number, scale) = units.first { text.hasSuffix($0.0) }.map { (String(text.dropLast($0.0.count)), $0.1) } ?? (text, 1)
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        return value * scale
    }

    func run() throws {
        try CommandFailure.run(output) { try runProgram() }
    }

    private func runProgram() throws {
        let errStyle = output.style(fileDescriptor: 2)
        let program: CompiledProgram
        switch LiveProgram.compile([file], style: errStyle) {
        case let .success(compiled): program = compiled
        case let .failure(failure):
            Self.err(failure.rendered)
            throw ExitCode(2)
        }
        guard program.main != nil else {
            Self.err("error: `\(file)` has no `main`; define `main = { ... }` to run it\n")
            throw ExitCode(64)
        }
        let stdout = BufferedOutput(write: writeStandardOutput)
        let effects = EffectHost(output: { stdout.append($0) }, arguments: programArguments,
                                 environment: ProcessInfo.processInfo.environment)
        if noHeal {
            let result = ProgramRunner.runMain(program, effects: effects)
            stdout.flush()
            if case let .failure(error) = result {
                Self.err(error.rendered(sources: program.sources, style: errStyle))
                throw ExitCode(1)
            }
            return
        }
        let store = try openStore()
        let root = store.repository.workingDirectory
        let module = try PathArguments(root: root, currentDirectory: FileManager.default.currentDirectoryPath).resolve(file)
        let lock = RepositoryLock()
        let say: @Sendable (String) -> Void = { message in
            stdout.flush()
            Self.err(errStyle.color("git aura run:", .cyan, bold: true) + " " + message + "\n")
        }
        let healing = RuntimeHealer(store: store, module: module, entryFiles: [file], repositoryLock: lock,
                                    heal: { live in healOnce(store: store, live: live, say: say) }, say: say)
        // From another thread: writes standard error only (the program's output buffer is not shared).
        let sayFromCheckpoints: @Sendable (String) -> Void = { Self.err(errStyle.color("git aura run:", .cyan, bold: true) + " " + $0 + "\n") }
        let checkpoints = checkpointEvery.flatMap(Self.seconds).map {
            PeriodicCheckpoints(store: store, seconds: $0, repositoryLock: lock, say: sayFromCheckpoints)
        }
        checkpoints?.start()
        let result = ProgramRunner.runMain(program, effects: effects, recovery: healing)
        checkpoints?.stop()
        stdout.flush()
        guard case let .failure(error) = result else { return }
        Self.err(error.rendered(sources: healing.sources ?? program.sources, style: errStyle))
        if let reason = healing.keptBecause, let heal = healing.applied.last?.healID {
            say("the heal \(heal) is kept for the next run (in the working tree and on refs/aura/heal): \(reason)")
        }
        throw ExitCode(1)
    }

    /// One heal of the live failure, with policy, providers and ledger session as `git aura heal`
    /// sets them up. The heal is async; the program waits for it on its own thread.
    private func healOnce(store: SnapshotStore, live: LiveFailure, say: @escaping @Sendable (String) -> Void) -> HealReport? {
        do {
            let repository = store.repository
            let environment = ProcessInfo.processInfo.environment
            let config = try GitConfig(repository: repository, environment: environment)
            let settings = try HealSettings.load(config, overridden: provider == nil ? [] : ["aura.provider"])
            let invocation = Invocation.start(store: store, command: "run")
            invocation.beginSession(command: "run", policy: settings.policy, dryRun: false)
            if let breaker = invocation.breakerState(settings.breaker), breaker.isOpen {
                say(BreakerText.open(breaker))
                return nil
            }
            let refBefore = invocation.healTip()
            let state = repository.commonDirectory + (repository.commonDirectory.hasSuffix("/") ? "" : "/") + "aura"
            let context = ProviderSelection.Context(root: repository.workingDirectory, stateDirectory: state, environment: environment,
                                                    interactive: isatty(2) != 0, progress: nil)
            let providers = try ProviderSelection.provider(config: ProviderConfig(config), override: provider, context: context)
            // Standard input belongs to the program unless it is a terminal.
            let approve = AnswerSource.standardInput() == .terminal ? HealCommand.ask(style: output.style, echoAnswers: false) : nil
            var options = HealOptions(approve: approve, assumeYes: yes, paths: [live.module],
                                      trailers: [Trailer("Aura-Session", invocation.session)],
                                      moduleResults: ModuleResults(repository: repository),
                                      secrets: settings.secrets(in: environment), learned: invocation.learned(settings.learning))
            options.liveFailure = live
            let healer = Healer(store: store, settings: settings, providers: [providers], options: options)
            let box = ReportBox(healer)
            let done = DispatchSemaphore(value: 0)
            Task {
                await box.heal()
                done.signal()
            }
            done.wait()
            switch box.result {
            case let .success(report)?:
                invocation.finishHeal(report, refBefore: refBefore)
                if report.healID == nil { Self.err(HealRendering.text(report, style: output.style(fileDescriptor: 2))) }
                return report
            case let .failure(error)?:
                invocation.record("the failed session") { try $0.endSession(invocation.session, outcome: "failed") }
                say("the heal failed: \(error)")
                return nil
            case nil:
                return nil
            }
        } catch {
            say("cannot heal: \(error)")
            return nil
        }
    }

    static func err(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}

/// The heal's result, handed from its task to the waiting program thread (ordered by a semaphore).
/// The healer goes with it: the program thread touches neither until the semaphore says so.
private final class ReportBox: @unchecked Sendable {
    let healer: Healer
    var result: Result<HealReport, Error>?

    init(_ healer: Healer) { self.healer = healer }

    func heal() async {
        do { result = .success(try await healer.heal(.apply)) } catch { result = .failure(error) }
    }
}

/// Writes all of `text` to standard output (the healer's messages go to standard error).
private func writeStandardOutput(_ text: String) {
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
        let count = bytes[written...].withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        written += count
    }
}
