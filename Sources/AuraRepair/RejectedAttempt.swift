import AuraDiagnostics

/// A model's patch that was rejected, and what was found wrong with it: the feedback a follow-up
/// request to the same provider carries (issue #17, "reflection").
public struct RejectedAttempt: Sendable, Equatable {
    /// The provider that proposed it (`claude`, `openai`); only that provider is asked again.
    public var provider: String
    /// 1 for the first answer, 2 for the answer to the first follow-up, ...
    public var round: Int
    /// The model's answer as it sent it (the `propose_fix` arguments as JSON text).
    public var answer: String
    /// The patch in byte offsets, when it could be converted (for spotting a repeated answer).
    public var edits: [FileEdit]
    /// What verification (or validation) found: new diagnostics with their places, the failing
    /// test with its assertion and values, a runtime error's code and trace.
    public var findings: String

    public init(provider: String, round: Int, answer: String, edits: [FileEdit], findings: String) {
        self.provider = provider
        self.round = round
        self.answer = answer
        self.edits = edits
        self.findings = findings
    }

    /// Whether `candidate` proposes this same patch again (same edits, or the same answer when
    /// neither could be converted).
    public func isRepeated(by candidate: HealCandidate) -> Bool {
        if !edits.isEmpty || !candidate.edits.isEmpty { return edits == candidate.edits }
        return candidate.answer == answer
    }
}
