import AuraDiagnostics
import AuraHistory

/// One numbered line of the plan: a problem, the candidate chosen for it, and what happened.
public struct PlanItem: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Verified and part of the heal.
        case applied
        /// Verification or validation failed; nothing was written.
        case rejected(String)
        /// Policy says report only (or not selected with --items).
        case skipped(String)
        /// The user said no.
        case declined
        /// No provider had a candidate (a suggestion may be in `note`).
        case noFix
        /// Dry run: would be applied.
        case wouldApply
    }

    public var number: Int
    /// What the item is about; candidates are matched to items by it.
    public var problem: ProblemID
    /// Errors and failing tests block; a warning left unfixed does not fail a heal.
    public var severity: Severity = .error
    public var code: String
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    public var rule: String?
    public var provider: String?
    public var risk: Risk?
    public var confidence: Double?
    public var explanation: String?
    /// Removed and added lines, for display.
    public var diff: [(removed: String, added: String, line: Int)]
    public var outcome: Outcome
    public var note: String?
    /// Model tokens spent on this item's candidate, if a model proposed it.
    public var tokens: TokenUsage? = nil
    /// Time spent verifying this item's candidate (nil when none was verified).
    public var durationMs: Int?
    /// Earlier candidates for this problem that were rejected before the one shown, oldest
    /// first: a model's answers before its follow-ups, or alternatives that did not verify.
    public var rounds: [Round] = []
    /// Model requests made for the candidate shown (retries included; earlier rounds count their own).
    public var requests = 0
    /// The model that proposed the candidate shown (`claude-sonnet-4-5`), for cost estimates.
    public var model: String?
    /// Model requests over every round of this item.
    public var totalRequests: Int { requests + rounds.reduce(0) { $0 + $1.requests } }

    /// A rejected candidate that an item's later candidate replaced.
    public struct Round: Sendable, Equatable {
        public var rule: String
        public var provider: String?
        public var risk: Risk?
        public var confidence: Double?
        /// Why it was rejected.
        public var reason: String
        public var tokens: TokenUsage?
        public var requests: Int
        public var durationMs: Int?

        public init(rule: String, provider: String?, risk: Risk?, confidence: Double?, reason: String, tokens: TokenUsage?,
                    requests: Int = 0, durationMs: Int?) {
            self.requests = requests
            self.rule = rule
            self.provider = provider
            self.risk = risk
            self.confidence = confidence
            self.reason = reason
            self.tokens = tokens
            self.durationMs = durationMs
        }
    }

    /// Still waiting for a fix: not applied, not declined, not already verified for a dry run.
    var isOpen: Bool { outcome != .applied && outcome != .declined && outcome != .wouldApply }
}

/// Everything a heal run did, for printing and for tests.
public struct HealReport: Sendable {
    public var items: [PlanItem] = []
    public var before: Verification?
    public var after: Verification?
    /// The snapshot taken before healing.
    public var snapshotID: String?
    /// The heal commit, when something was applied.
    public var healID: String?
    /// The heal commit's entry (with `HealMode.commitOnly`, the only way to reach it: it is on no ref).
    public var heal: HistoryEntry?
    public var writtenPaths: [String] = []
    public var dryRun = false
    public var policy: HealPolicy
    /// Model tokens spent by every provider request of this run (nil when no model was asked).
    public var tokens: TokenUsage?
    /// Model requests made by this run (retries included).
    public var requests = 0

    public var appliedCount: Int { items.filter { $0.outcome == .applied }.count }

    /// Errors and failing tests that no candidate fixed (none was proposed, or every one was
    /// rejected): what makes `git aura heal` exit 2.
    public var unfixedCount: Int {
        items.filter { item in
            guard item.severity == .error else { return false }
            switch item.outcome {
            case .noFix, .rejected: return true
            default: return false
            }
        }.count
    }
    /// Problems left that the policy did not allow to be healed automatically.
    public var pendingCount: Int {
        items.filter { if case .skipped = $0.outcome { return true }; return $0.outcome == .wouldApply }.count
    }
}
