import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraRepair

/// What a heal run is allowed to do with the fixes it accepts.
public enum HealMode: Sendable {
    /// Commit the heal on `refs/aura/heal` and write it to the working tree.
    case apply
    /// Show the plan and what would be applied; write nothing.
    case dryRun
    /// Build the verified heal commit, but neither move the heal ref nor touch the working tree
    /// (`HealReport.heal` carries it): publishing a heal branch from a hook uses this.
    case commitOnly
    /// Verify the fixes in memory against the working tree as it is, and record nothing: no
    /// snapshot, no heal commit, no write (the plan says what would be applied). A hook under
    /// the pre-commit framework uses this while the framework has stashed unstaged changes.
    case preview
}

/// Who runs the heal and how: interaction, scope and bookkeeping that are not policy.
public struct HealOptions: Sendable {
    /// Called for decisions that need a human: true applies, false declines, nil means no answer
    /// came (end of input), so the fix is reported as needing approval. Nil when not interactive.
    public var approve: (@Sendable (PlanItem) -> Bool?)?
    /// `--yes`: approve what would be asked (never `critical`).
    public var assumeYes: Bool
    /// Only these plan numbers (from `--items`); nil = all.
    public var selectedItems: Set<Int>?
    /// Only problems in these project paths (files or directories); nil = the whole project.
    public var paths: [String]?
    /// Progress messages for a terminal (`verifying 2/5: E0201 src/app.aura:3`).
    public var progress: (@Sendable (String) -> Void)?
    /// Trailers added to the heal commit, e.g. `Aura-Session` so a heal can be traced to its log lines and ledger rows.
    public var trailers: [Trailer]
    /// Per-module results already known to pass (content-keyed, so valid for any tree):
    /// verifying a candidate re-runs only the tests its change can affect.
    public var moduleResults: ModuleResults?
    /// The configured API keys: masked in everything the plan shows (whole or in part), and a
    /// patch that contains one is rejected.
    public var secrets: SecretScrubber
    /// What the ledger says about each rule's past heals (`aura.learn`); nil: no learning.
    public var learned: LearnedConfidence?
    /// `git aura run`: the runtime error the running program just hit. Its module's failing
    /// `main` becomes a problem providers are asked about (elsewhere a failing `main` only
    /// blocks a fix: it has no single place to fix), with the live context in its notes.
    public var liveFailure: LiveFailure?

    public init(approve: (@Sendable (PlanItem) -> Bool?)? = nil, assumeYes: Bool = false, selectedItems: Set<Int>? = nil,
                paths: [String]? = nil, progress: (@Sendable (String) -> Void)? = nil, trailers: [Trailer] = [],
                moduleResults: ModuleResults? = nil, secrets: [String] = [], learned: LearnedConfidence? = nil) {
        self.secrets = SecretScrubber(secrets: secrets)
        self.learned = learned
        self.approve = approve
        self.assumeYes = assumeYes
        self.selectedItems = selectedItems
        self.paths = paths?.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.progress = progress
        self.trailers = trailers
        self.moduleResults = moduleResults
    }
}

/// A runtime error of a running program (`git aura run`), as the heal sees it.
public struct LiveFailure: Sendable {
    /// Title of the replay test (`replayTest`).
    public static let replayTitle = "git aura run: the failing call"

    /// Project path of the module whose `main` was running.
    public var module: String
    /// What the program was doing (the failing function, the replayed call's arguments): added
    /// to the problem's notes, so a model's prompt carries them next to the error and its trace.
    public var notes: [String]
    /// A test block (titled `replayTitle`) that makes the failing call again with its argument
    /// values. Every verification of the heal sees it appended to `module`, so a fix must make
    /// that call succeed in the sandbox; it is never committed or written. Nil when the call
    /// cannot be written as source: the sandboxed run of `main` is the check then.
    public var replayTest: String?

    public init(module: String, notes: [String], replayTest: String? = nil) {
        self.module = module
        self.notes = notes
        self.replayTest = replayTest
    }

    /// The replay test's text for `function(arguments...)`.
    public static func replayTest(calling function: String, with arguments: [String]) -> String {
        "\n\ntest \"\(replayTitle)\" {\n    \(function)(\(arguments.joined(separator: ", ")))\n}\n"
    }

    /// Whether `id` is the replay test: it is shown as the runtime error, with a line.
    public static func isReplayTest(_ id: ProblemID) -> Bool {
        if case let .test(name) = id { return name.title == replayTitle }
        return false
    }

    /// `files` with the replay test appended to the module.
    func adding(to files: [String: [UInt8]]) -> [String: [UInt8]] {
        guard let replayTest, let bytes = files[module] else { return files }
        var added = files
        added[module] = bytes + Array(replayTest.utf8)
        return added
    }

    /// The problem the live failure is: its replay test when that fails, else the module's
    /// failing `main`.
    var problemIDs: [ProblemID] {
        [.test(TestName(module: module, title: Self.replayTitle)), .main(module: module)]
    }
}
