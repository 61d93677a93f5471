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
    /// Each problem's rejected model answers, oldest first (what a follow-up request carries).
    var rejected: [ProblemID: [RejectedAttempt]] = [:]
    /// Problems no model is asked about again this run: the answer repeated a rejected patch,
    /// the follow-ups are used up, or a follow-up produced nothing to reflect on.
    var settled: Set<ProblemID> = []
    /// Follow-up requests made per problem (at most `aura.provider.maxReflections`).
    var followUps: [ProblemID: Int] = [:]

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
    /// What verification found, in more detail than the outcome's reason (fed back to a model).
    var findings: String?
    init(_ outcome: PlanItem.Outcome, findings: String? = nil) {
        self.outcome = outcome
        self.findings = findings
    }
}

extension Error {
    /// The plan outcome of a failed gate (any other error would be a bug: shown as a rejection).
    var planOutcome: PlanItem.Outcome { (self as? GateFailure)?.outcome ?? .rejected("\(self)") }
    var findings: String? { (self as? GateFailure)?.findings }
}
