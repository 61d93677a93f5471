/// `--items` named plan numbers the plan does not have: nothing is applied.
public struct HealSelectionError: Error, Equatable, CustomStringConvertible {
    /// How many items the plan has.
    public let planSize: Int
    /// The selected numbers above `planSize`, ascending.
    public let missing: [Int]

    public var description: String {
        let items = planSize == 1 ? "1 item" : "\(planSize) items"
        let missingText = missing.count == 1 ? "there is no item \(missing[0])" : "there are no items " + missing.map(String.init).joined(separator: ", ")
        let next = planSize == 0 ? "nothing to heal" : "see the numbers with `git aura heal --dry-run`"
        return "the plan has \(items); \(missingText) (\(next))"
    }
}

extension Healer {
    /// Gate before any candidate: every `--items` number is on the plan.
    func checkSelection(_ report: HealReport) throws(HealSelectionError) {
        guard let selected = options.selectedItems else { return }
        let missing = selected.filter { $0 > report.items.count }.sorted()
        if !missing.isEmpty { throw HealSelectionError(planSize: report.items.count, missing: missing) }
    }
}
