import AuraDiagnostics
import AuraHistory
import AuraSema
import AuraVM
import Synchronization

/// `git aura run`'s answer to a runtime error (the VM's `RuntimeRecovery`): checkpoint the
/// working tree ("before hot reload"), heal the failure as `git aura heal` would — the same
/// providers, policy, in-memory verification (types, tests, the sandboxed run of `main` that
/// replays the failing call) and safe write — then hand the VM the program recompiled from the
/// healed working tree, whose changed functions it hot-swaps.
///
/// Git and providers stay on this side: the VM only sees a `CompiledProgram` or nil.
public final class RuntimeHealer: RuntimeRecovery, @unchecked Sendable {
    /// Heals asked for in one run at most: a fix that keeps failing stops the program.
    public static let maxHeals = 3

    let store: SnapshotStore
    /// Project path of the module whose `main` runs (the failing `main` the heal fixes).
    let module: String
    /// The files the program is compiled from, as the runner named them.
    let entryFiles: [String]
    /// Runs one heal with the live failure in its options (policy, providers, ledger are the
    /// caller's); nil when the heal itself failed.
    let heal: (LiveFailure) -> HealReport?
    /// Messages for the user (standard error: standard output is the program's).
    let say: (String) -> Void
    /// Held while the repository is written (the periodic checkpoints share it).
    let repositoryLock: RepositoryLock

    /// Heals applied in this run, oldest first.
    public private(set) var applied: [HealReport] = []
    /// Why the last applied heal was not hot-swapped (it waits in the working tree for the
    /// next run); nil when it was or none was applied.
    public private(set) var keptBecause: String?
    /// The sources the running code now comes from (for rendering a later error): those of the
    /// last program hot-swapped in; nil while the program runs its original code.
    public private(set) var sources: SourceMap?
    /// The sources of the replacement the VM is deciding about.
    var offered: SourceMap?
    var asked = 0

    public init(store: SnapshotStore, module: String, entryFiles: [String], repositoryLock: RepositoryLock,
                heal: @escaping (LiveFailure) -> HealReport?, say: @escaping (String) -> Void) {
        self.store = store
        self.module = module
        self.entryFiles = entryFiles
        self.repositoryLock = repositoryLock
        self.heal = heal
        self.say = say
    }

    public func replacement(for failure: RuntimeFailure) -> CompiledProgram? {
        guard asked < Self.maxHeals else { return nil }
        asked += 1
        let error = failure.error
        say("runtime error \(error.code) in `\(failure.failingFunction)`: \(UntrustedText.clean(error.message, limit: 200)) — healing")
        var report: HealReport?
        repositoryLock.withLock {
            do {
                let snapshot = try store.snapshot(reason: "before hot reload", allowReuse: true)
                say("checkpoint: snapshot \(snapshot.id) before hot reload")
            } catch {
                say("no checkpoint could be taken (\(error)); not healing")
                return
            }
            report = heal(LiveFailure(module: module, notes: Self.notes(failure), replayTest: replayTest(failure)))
        }
        guard let report, let healID = report.healID else {
            say("no fix applied for this error")
            return nil
        }
        applied.append(report)
        keptBecause = nil
        let subjects = report.items.filter { if case .applied = $0.outcome { return true }; return false }.map { "\($0.code) \($0.path)" }
        say("healed: heal \(healID) (\(subjects.joined(separator: ", "))) committed on refs/aura/heal and written to the working tree")
        guard case let .success(program) = LiveProgram.compile(entryFiles, style: TextStyle(enabled: false)) else {
            keptBecause = "the healed files do not compile as the program was started"
            return nil
        }
        offered = program.sources
        return program
    }

    public func hotSwap(_ outcome: HotSwapOutcome) {
        switch outcome {
        case let .resumed(function, swapped):
            sources = offered
            say("hot-swapped \(swapped.map { "`\($0)`" }.joined(separator: ", ")); resuming by re-running `\(function)`")
        case let .refused(reason):
            keptBecause = reason
        }
    }

    /// The failing call as a test block for the entry module, when its arguments can be written
    /// as source and the module with the test still compiles (the function may be one the
    /// module cannot name, from another module).
    func replayTest(_ failure: RuntimeFailure) -> String? {
        guard let function = failure.replayFunction, let literals = failure.replayLiterals, let entry = entryFiles.first else { return nil }
        let test = LiveFailure.replayTest(calling: function, with: literals)
        let checked = Compiler.check(paths: entryFiles, loader: AppendingLoader(path: entry, text: test))
        return checked.hasErrors ? nil : test
    }

    /// The live context for a model's prompt: what failed, and the call that would be re-run
    /// with its argument values (as the program computed them: untrusted text).
    static func notes(_ failure: RuntimeFailure) -> [String] {
        var notes = ["live run (git aura run): `\(failure.failingFunction)` raised \(failure.error.code): "
            + UntrustedText.clean(failure.error.message, limit: 300)]
        if let replay = failure.replayFunction {
            let arguments = failure.replayArguments.map { UntrustedText.clean($0, limit: 200) }.joined(separator: ", ")
            notes.append("the failing call, re-run with the fix: \(replay)(\(arguments))")
        } else {
            notes.append("`\(failure.failingFunction)` is effectful: the fix applies from the next run")
        }
        if !failure.error.trace.isEmpty {
            notes.append("live stack trace (innermost first):\n" + StackTraceText.lines(failure.error.trace, in: failure.sources).joined(separator: "\n"))
        }
        return notes
    }
}

/// Serialises writes to the repository between the running program's heals and the periodic
/// checkpoints, which run on another thread.
public final class RepositoryLock: @unchecked Sendable {
    private let mutex = Mutex<Void>(())

    public init() {}

    public func withLock(_ body: () -> Void) {
        mutex.withLock { _ in body() }
    }
}

/// The file system, with text appended to one file (a replay test checked before it is used).
struct AppendingLoader: SourceLoader {
    let path: String
    let text: String

    func load(_ path: String) throws -> [UInt8]? {
        guard let bytes = try FileSystemLoader(root: "").load(path) else { return nil }
        return path == self.path ? bytes + Array(text.utf8) : bytes
    }
}
