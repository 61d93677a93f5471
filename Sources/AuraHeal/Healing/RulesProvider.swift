import AuraDiagnostics

/// The default, offline provider: the checker's own fixes, each mapped to a named rule with a
/// risk class and a confidence. Diagnostics without a fix (or with only a placeholder fix) get
/// no candidate: guessing would be wrong more often than right.
public struct RulesProvider: HealProvider {
    public let name = "rules"

    public init() {}

    struct Rule {
        let id: String
        let risk: Risk
    }

    /// Rule per diagnostic code. Codes whose fix is only sometimes unambiguous rely on the
    /// checker: it attaches no fix when two candidates are equally good.
    static let rules: [DiagnosticCode: Rule] = [
        .missingBang: Rule(id: "missing-bang", risk: .safe),
        .missingCapability: Rule(id: "missing-capability", risk: .safe),
        .unusedCapability: Rule(id: "unused-capability", risk: .safe),
        .duplicateCapability: Rule(id: "duplicate-capability", risk: .safe),
        .misplacedHeader: Rule(id: "move-header", risk: .safe),
        .unclosedDelimiter: Rule(id: "close-delimiter", risk: .safe),
        .mismatchedDelimiter: Rule(id: "mismatched-delimiter", risk: .low),
        .unterminatedString: Rule(id: "close-string", risk: .low),
        .unknownName: Rule(id: "similar-name", risk: .low),
        .unknownField: Rule(id: "similar-field", risk: .low),
        .unknownType: Rule(id: "similar-type", risk: .low),
        .typeMismatch: Rule(id: "convert", risk: .low),
        .dynNeedsConversion: Rule(id: "dyn-conversion", risk: .low),
        .cannotInfer: Rule(id: "annotate", risk: .low),
        .unknownCapability: Rule(id: "capability-name", risk: .low),
        .unknownCapabilityMember: Rule(id: "capability-member", risk: .low),
        .unknownModuleMember: Rule(id: "module-member", risk: .low),
        .effectInPureContext: Rule(id: "make-effectful", risk: .medium),
        .wrongArgumentCount: Rule(id: "drop-extra-arguments", risk: .critical),
        .assignToImmutable: Rule(id: "declare-var", risk: .low),
    ]

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        var candidates: [HealCandidate] = []
        for problem in request.problems {
            let diagnostic = problem.diagnostic
            for fix in diagnostic.fixes where fix.applicability != .placeholder {
                let rule = RulesProvider.rules[diagnostic.code]
                    ?? Rule(id: "checker-fix", risk: fix.applicability == .safe ? .low : .medium)
                let edits = fix.edits.map { edit in
                    FileEdit(path: request.sources[edit.span.file].path, start: Int(edit.span.start), end: Int(edit.span.end),
                             replacement: edit.replacement)
                }
                candidates.append(HealCandidate(
                    problem: problem, rule: "rules/" + rule.id, provider: name, edits: edits,
                    explanation: fix.message, confidence: fix.applicability == .safe ? 0.97 : 0.85,
                    risk: fix.applicability == .safe ? rule.risk : max(rule.risk, .low)))
            }
        }
        return candidates
    }
}
