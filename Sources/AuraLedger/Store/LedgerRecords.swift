import GRDB

/// One invocation that diagnosed or healed (a row of `sessions`).
public struct SessionRecord: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sessions"

    /// `ses-` + 12 hex digits; also on every log line and in the `Aura-Session` trailer.
    public var id: String
    /// What started it: `cli`, `pre-commit`, `post-merge` or `ci`; `clone <remote>/<clone-id>` for
    /// another clone's heal rebuilt from its fetched history (`LedgerRebuild`).
    public var trigger: String
    /// `heal`, `heal --dry-run` or `status`.
    public var command: String
    /// The policy mode in force (`guided`, ...).
    public var policy: String
    public var dryRun: Bool
    /// Seconds since the epoch.
    public var startedAt: Double
    public var endedAt: Double?
    /// `healed`, `nothing`, `pending`, `breaker-open` or `failed`.
    public var outcome: String?
    public var snapshotID: String?
    public var healID: String?
    /// Problems found before healing.
    public var problems: Int?
    /// Problems with a verified fix that was not applied (approval needed, dry run).
    public var healable: Int?

    enum CodingKeys: String, CodingKey {
        case id, trigger, command, policy, outcome, problems, healable
        case dryRun = "dry_run", startedAt = "started_at", endedAt = "ended_at", snapshotID = "snapshot_id", healID = "heal_id"
    }

    public init(id: String, trigger: String, command: String, policy: String, dryRun: Bool = false, startedAt: Double) {
        self.id = id
        self.trigger = trigger
        self.command = command
        self.policy = policy
        self.dryRun = dryRun
        self.startedAt = startedAt
    }

    /// Wall time from start to end, when ended.
    public var duration: Double? { endedAt.map { $0 - startedAt } }
}

/// One problem of a session and what happened to it (a row of `attempts`).
public struct AttemptRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attempts"

    public var id: Int64?
    public var sessionID: String?
    /// Diagnostic code (`E0201`) or `T0001` for a failing test.
    public var code: String
    public var message: String
    public var path: String
    public var line: Int
    /// `rules`, `claude`, ...; nil when no provider had a candidate.
    public var provider: String?
    /// `rules/missing-bang`, ...
    public var rule: String?
    public var risk: String?
    public var confidence: Double?
    /// What the policy decided: `apply`, `ask`, `skip`, or `none` (no candidate).
    public var decision: String
    /// `applied`, `rejected`, `skipped`, `declined`, `noFix` or `wouldApply`.
    public var outcome: String
    /// Why it was rejected or skipped.
    public var reason: String?
    /// Time spent verifying the candidate.
    public var durationMs: Int?
    public var tokensIn: Int?
    public var tokensOut: Int?
    public var healID: String?
    public var healCommit: String?
    /// Seconds since the epoch.
    public var at: Double
    /// 1 for a problem's first candidate; 2, 3, ... for the candidates tried after it was rejected
    /// (a model's follow-up answers, or alternatives).
    public var round = 1
    /// Model requests made for this candidate (retries included); nil for rules.
    public var requests: Int?
    /// The model that answered (`claude-sonnet-4-5`), for cost estimates.
    public var model: String?

    enum CodingKeys: String, CodingKey {
        case id, code, message, path, line, provider, rule, risk, confidence, decision, outcome, reason, at, round, requests, model
        case sessionID = "session_id", durationMs = "duration_ms", tokensIn = "tokens_in", tokensOut = "tokens_out"
        case healID = "heal_id", healCommit = "heal_commit"
    }

    public init(sessionID: String?, code: String, message: String = "", path: String, line: Int, provider: String? = nil,
                rule: String? = nil, risk: String? = nil, confidence: Double? = nil, decision: String, outcome: String,
                reason: String? = nil, durationMs: Int? = nil, tokensIn: Int? = nil, tokensOut: Int? = nil,
                healID: String? = nil, healCommit: String? = nil, at: Double) {
        self.sessionID = sessionID
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.provider = provider
        self.rule = rule
        self.risk = risk
        self.confidence = confidence
        self.decision = decision
        self.outcome = outcome
        self.reason = reason
        self.durationMs = durationMs
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.healID = healID
        self.healCommit = healCommit
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One change of an AURA ref: the operation log (`git aura history`).
public struct OperationRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "operations"

    /// The kinds of operation the log knows.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case snapshot, heal, undo, redo, restore, prune, publish
    }

    public var id: Int64?
    public var sessionID: String?
    public var kind: Kind
    /// The history entry concerned (`h-4f2a9c1`), if one.
    public var entryID: String?
    /// The ref that moved (`refs/aura/heal`).
    public var ref: String
    public var refBefore: String?
    public var refAfter: String?
    public var detail: String
    /// Seconds since the epoch.
    public var at: Double

    enum CodingKeys: String, CodingKey {
        case id, kind, ref, detail, at
        case sessionID = "session_id", entryID = "entry_id", refBefore = "ref_before", refAfter = "ref_after"
    }

    public init(sessionID: String?, kind: Kind, entryID: String?, ref: String, refBefore: String?, refAfter: String?,
                detail: String = "", at: Double) {
        self.sessionID = sessionID
        self.kind = kind
        self.entryID = entryID
        self.ref = ref
        self.refBefore = refBefore
        self.refAfter = refAfter
        self.detail = detail
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
