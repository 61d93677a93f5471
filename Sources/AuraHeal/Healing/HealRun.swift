import AuraDiagnostics

/// The mutable state of one heal run while candidates are tried.
struct HealRun {
    var report: HealReport
    /// The project with every accepted change applied.
    var files: [String: [UInt8]]
    /// The verification of `files`.
    var current: Verification
    var accepted: [(item: PlanItem, candidate: HealCandidate)] = []
    /// Files changed by a candidate accepted this run: a later candidate touching them was
    /// proposed against older text and waits for the next round.
    var touched: Set<String> = []

    mutating func accept(_ change: VerifiedChange, candidate: HealCandidate, item: PlanItem) {
        files = change.files
        current = change.verification
        touched.formUnion(change.changedPaths)
        accepted.append((item, candidate))
    }
}

/// A candidate's change applied in memory, with its verification.
struct VerifiedChange {
    var files: [String: [UInt8]]
    var verification: Verification
    var changedPaths: Set<String>
}

/// A gate that stops a candidate, with the outcome its plan item gets.
struct GateFailure: Error {
    let outcome: PlanItem.Outcome
    init(_ outcome: PlanItem.Outcome) { self.outcome = outcome }
}

extension Error {
    /// The plan outcome of a failed gate (any other error would be a bug: shown as a rejection).
    var planOutcome: PlanItem.Outcome { (self as? GateFailure)?.outcome ?? .rejected("\(self)") }
}
