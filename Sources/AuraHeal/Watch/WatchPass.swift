import AuraGit
import AuraHistory
import AuraLedger

/// A fix held back because the schedule window is closed: the in-window policy would apply it.
public struct Deferral: Sendable, Equatable {
    public var code: String
    public var path: String
    public var line: Int
    public var message: String
    /// When the window opens (seconds since 1970).
    public var until: Double
    /// `deferred until 22:00: E0201 src/app.aura:3 unknown name 'x'`.
    public var text: String
}

/// What one watch pass did.
public struct WatchPassResult: Sendable {
    /// The heal run (nil when the breaker kept it from running).
    public var report: HealReport?
    public var deferrals: [Deferral] = []
    /// Whether the pass ran inside the schedule window.
    public var insideWindow: Bool
    /// The breaker, when it is open: nothing was healed.
    public var openBreaker: BreakerState?
    /// The ledger session of the pass.
    public var session: String?
}

/// One diagnose-and-heal of the working tree for `git aura watch`, exactly as `git aura heal`
/// runs it (snapshot, in-memory verification, heal commit, safe write) but never interactive,
/// under the schedule window: outside it only `safe` fixes are applied, what the policy would
/// otherwise apply is deferred (recorded in the ledger with the time the window opens), and
/// model providers are asked only inside it unless `aura.schedule.models=always`.
public final class WatchPass {
    public let store: SnapshotStore
    public let settings: HealSettings
    public let watch: WatchSettings
    /// The providers for a pass: with `models` false, only ones that ask no model.
    public let providers: @Sendable (_ models: Bool) throws -> [HealProvider]
    public let ledger: Ledger?
    /// The configured API keys' values (masked in the plan, refused in patches).
    public let secrets: [String]

    public init(store: SnapshotStore, settings: HealSettings, watch: WatchSettings, ledger: Ledger?, secrets: [String] = [],
                providers: @escaping @Sendable (_ models: Bool) throws -> [HealProvider] = { _ in [RulesProvider()] }) {
        self.store = store
        self.settings = settings
        self.watch = watch
        self.ledger = ledger
        self.secrets = secrets
        self.providers = providers
    }

    /// The policy outside the window: never more than `safe` without a human.
    public static func outsideWindow(_ policy: HealPolicy) -> HealPolicy {
        var restricted = policy
        switch policy.mode {
        case .manual, .guided: break
        case .supervised, .autonomous:
            restricted.mode = .supervised
            restricted.autoApplyMaxRisk = .safe
        }
        return restricted
    }

    /// Runs the pass at `now` (the schedule's clock; the breaker and the ledger use real time).
    public func run(now: Double) async throws -> WatchPassResult {
        let inside = watch.schedule.contains(now)
        var result = WatchPassResult(report: nil, insideWindow: inside)
        if let ledger, let state = try? settings.breaker.state(in: ledger), state.isOpen {
            result.openBreaker = state
            return result
        }
        var passSettings = settings
        if !inside { passSettings.policy = Self.outsideWindow(settings.policy) }
        let recorder = WatchRecorder(ledger: ledger, store: store)
        let learned = ledger.flatMap { try? LearnedConfidence.load(settings.learning, from: $0, repository: store.repository) }
        let options = HealOptions(trailers: [Trailer("Aura-Session", recorder.session)], moduleResults: ModuleResults(repository: store.repository),
                                  secrets: secrets, learned: learned)
        let healer = Healer(store: store, settings: passSettings, providers: try providers(inside || watch.modelsAlways), options: options)
        // A healthy tree is checked in memory only: a save that breaks nothing leaves no
        // snapshot on the heal ref and no session in the ledger.
        let (_, preflight) = try healer.diagnoseWithoutRecording()
        let found = healer.plan(preflight, snapshot: nil, dryRun: true)
        if found.items.isEmpty {
            result.report = found
            return result
        }
        recorder.begin(policy: passSettings.policy)
        let refBefore = recorder.healTip()
        var report: HealReport
        do { report = try await healer.heal(.apply) } catch {
            recorder.fail()
            throw error
        }
        if !inside, let opening = watch.schedule.nextOpening(after: now) {
            result.deferrals = deferItems(&report, until: opening, now: now)
        }
        recorder.finish(report, refBefore: refBefore, deferred: !result.deferrals.isEmpty)
        result.report = report
        result.session = recorder.session
        return result
    }

    /// Marks the items held back that the in-window policy would apply as deferred until `opening`.
    private func deferItems(_ report: inout HealReport, until opening: Double, now: Double) -> [Deferral] {
        let when = watch.schedule.describe(opening, now: now)
        var deferrals: [Deferral] = []
        for index in report.items.indices {
            let item = report.items[index]
            guard case .skipped = item.outcome, item.rule != nil, let risk = item.risk,
                  settings.policy.decide(risk, interactive: false, assumeYes: false) == .apply else { continue }
            report.items[index].outcome = .skipped("deferred until \(when): outside the schedule window (aura.schedule.hours, aura.schedule.days)")
            deferrals.append(Deferral(code: item.code, path: item.path, line: item.line, message: item.message, until: opening,
                                      text: "deferred until \(when): \(item.code) \(item.path):\(item.line) \(item.message)"))
        }
        return deferrals
    }
}
