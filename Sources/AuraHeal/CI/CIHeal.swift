import AuraHistory

/// The heal of `git aura ci`: every problem of the checked-out commit healed in memory (no
/// working-tree write, no move of the heal ref), then split into one verified heal per problem
/// key so each can be published on its own branch and reviewed and merged on its own.
///
/// Nothing asks: the healer runs without an approval callback, so what would need a human is
/// left as a plan item `skipped` with its reason and reported as remaining.
public struct CIHeal {
    /// One problem key's verified heal.
    public struct Fix: Sendable {
        /// `p-…` (`ProblemKey`): names the branch.
        public let key: String
        /// The applied plan items (several when one declaration has the same mistake twice).
        public let items: [PlanItem]
        /// The heal commit (on no ref).
        public let heal: HistoryEntry
        /// The project as verified before and after this heal: the receipt.
        public let before: Verification?
        public let after: Verification?
    }

    /// Everything a run found and healed.
    public struct Outcome: Sendable {
        /// The run over every problem (its plan numbers, outcomes and the combined heal).
        public let report: HealReport
        public let fixes: [Fix]
        /// Plan items no fix covers: no candidate, rejected, needing approval, or verified only
        /// together with another problem's fix.
        public let remaining: [PlanItem]
        /// Every problem's key, in the order of `report.before.problems` (the plan numbers the
        /// problems in that order: item `n` is problem `n - 1`; failing `main`s come last).
        public let keys: [String]

        /// The `main`s that fail in the sandboxed run: no plan item (a failing `main` has no
        /// single place to fix), so they always remain.
        public var failingMains: [Problem] {
            (report.before?.problems ?? []).filter { if case .main = $0.id { return true }; return false }
        }
    }

    public let store: SnapshotStore
    public let settings: HealSettings
    public let providers: [HealProvider]
    public let options: HealOptions

    public init(store: SnapshotStore, settings: HealSettings, providers: [HealProvider], options: HealOptions) {
        self.store = store
        self.settings = settings
        self.providers = providers
        self.options = options
    }

    public func run() async throws -> Outcome {
        var unattended = options
        unattended.approve = nil
        let report = try await Healer(store: store, settings: settings, providers: providers, options: unattended).heal(.commitOnly)
        let keys = report.before.map(ProblemKey.keys) ?? []
        var remaining = report.items.filter { $0.outcome != .applied }
        guard let heal = report.heal else { return Outcome(report: report, fixes: [], remaining: remaining, keys: keys) }
        let groups = Dictionary(grouping: report.items.filter { $0.outcome == .applied }) { keys[$0.number - 1] }
        if groups.count == 1, let only = groups.first {
            let fix = Fix(key: only.key, items: only.value, heal: heal, before: report.before, after: report.after)
            return Outcome(report: report, fixes: [fix], remaining: remaining, keys: keys)
        }
        // Several keys: each is healed again on its own, so its branch carries only its change.
        var fixes: [Fix] = []
        for (key, items) in groups.sorted(by: { $0.key < $1.key }) {
            var selected = unattended
            selected.selectedItems = Set(items.map(\.number))
            let single = try await Healer(store: store, settings: settings, providers: providers, options: selected).heal(.commitOnly)
            let applied = single.items.filter { $0.outcome == .applied }
            if let heal = single.heal, !applied.isEmpty {
                fixes.append(Fix(key: key, items: applied, heal: heal, before: single.before, after: single.after))
            } else {
                remaining += items.map { item in
                    var item = item
                    item.outcome = .rejected("verified only together with the fix of another problem")
                    return item
                }
            }
        }
        remaining.sort { $0.number < $1.number }
        return Outcome(report: report, fixes: fixes, remaining: remaining, keys: keys)
    }
}
