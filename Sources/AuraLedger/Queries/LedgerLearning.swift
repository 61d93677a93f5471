/// What became of a rule's recent heals (`aura.learn`, docs/healing.md): whether each applied
/// heal was kept or undone, and how often a person declined it.
public struct RuleHistory: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        /// Applied and still in place (not undone).
        case kept
        /// Applied, then taken back with `git aura undo` (and not redone).
        case undone
        /// Applied and committed, then a later commit restored the text from before the heal.
        case reverted
        /// Shown to a person, who said no.
        case declined
    }

    /// `rules/missing-capability`, `claude/patch`, ...
    public var rule: String
    /// The provider of the latest outcome.
    public var provider: String?
    /// The most recent outcomes, oldest first (at most `Ledger.learningWindow`).
    public var outcomes: [Outcome]

    public init(rule: String, provider: String?, outcomes: [Outcome]) {
        self.rule = rule
        self.provider = provider
        self.outcomes = outcomes
    }

    public func count(_ outcome: Outcome) -> Int { outcomes.filter { $0 == outcome }.count }
    /// Heals applied (kept, undone or reverted).
    public var applied: Int { outcomes.count - count(.declined) }
    /// kept / outcomes; nil before the first outcome.
    public var keepRate: Double? { outcomes.isEmpty ? nil : Double(count(.kept)) / Double(outcomes.count) }
}

extension Ledger {
    /// Outcomes per rule that learning looks at: recent behaviour counts, old history fades.
    public static let learningWindow = 20

    /// Each rule's latest outcomes (applied heals and declined fixes), rules sorted by name.
    /// A heal counts as undone when the last undo or redo of its entry was an undo, and as
    /// reverted when its id is in `reverted` (found in git by the caller).
    public func ruleHistories(window: Int = Ledger.learningWindow, reverted: Set<String> = []) throws -> [RuleHistory] {
        var undone: Set<String> = []
        for operation in try operations().reversed() {
            guard let entry = operation.entryID else { continue }
            switch operation.kind {
            case .undo: undone.insert(entry)
            case .redo: undone.remove(entry)
            default: break
            }
        }
        var histories: [String: RuleHistory] = [:]
        for attempt in try attempts() {
            guard let rule = attempt.rule else { continue }
            let outcome: RuleHistory.Outcome
            switch attempt.outcome {
            case "applied":
                let heal = attempt.healID ?? ""
                outcome = undone.contains(heal) ? .undone : reverted.contains(heal) ? .reverted : .kept
            case "declined": outcome = .declined
            default: continue
            }
            var history = histories[rule] ?? RuleHistory(rule: rule, provider: nil, outcomes: [])
            history.provider = attempt.provider ?? history.provider
            history.outcomes.append(outcome)
            if history.outcomes.count > window { history.outcomes.removeFirst(history.outcomes.count - window) }
            histories[rule] = history
        }
        return histories.values.sorted { $0.rule < $1.rule }
    }
}
