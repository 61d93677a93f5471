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
    static let rules: [String: Rule] = [
        "E0402": Rule(id: "missing-bang", risk: .safe),
        "E0501": Rule(id: "missing-capability", risk: .safe),
        "W0001": Rule(id: "unused-capability", risk: .safe),
        "W0004": Rule(id: "duplicate-capability", risk: .safe),
        "E0107": Rule(id: "move-header", risk: .safe),
        "E0103": Rule(id: "close-delimiter", risk: .safe),
        "E0108": Rule(id: "mismatched-delimiter", risk: .low),
        "E0102": Rule(id: "close-string", risk: .low),
        "E0201": Rule(id: "similar-name", risk: .low),
        "E0202": Rule(id: "similar-field", risk: .low),
        "E0204": Rule(id: "similar-type", risk: .low),
        "E0301": Rule(id: "convert", risk: .low),
        "E0310": Rule(id: "dyn-conversion", risk: .low),
        "E0306": Rule(id: "annotate", risk: .low),
        "E0502": Rule(id: "capability-name", risk: .low),
        "E0503": Rule(id: "capability-member", risk: .low),
        "E0603": Rule(id: "module-member", risk: .low),
        "E0401": Rule(id: "make-effectful", risk: .medium),
        "E0302": Rule(id: "drop-extra-arguments", risk: .critical),
        "E0205": Rule(id: "declare-var", risk: .low),
    ]

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        var candidates: [HealCandidate] = []
        for (diagnostic, path) in request.diagnostics {
            for fix in diagnostic.fixes where fix.applicability != .placeholder {
                let rule = RulesProvider.rules[diagnostic.code.rawValue]
                    ?? Rule(id: "checker-fix", risk: fix.applicability == .safe ? .low : .medium)
                let edits = fix.edits.map { edit in
                    FileEdit(path: request.sources[edit.span.file].path, start: Int(edit.span.start), end: Int(edit.span.end),
                             replacement: edit.replacement)
                }
                candidates.append(HealCandidate(
                    diagnostic: diagnostic, diagnosticPath: path, rule: "rules/" + rule.id, provider: name, edits: edits,
                    explanation: fix.message, confidence: fix.applicability == .safe ? 0.97 : 0.85,
                    risk: fix.applicability == .safe ? rule.risk : max(rule.risk, .low)))
            }
        }
        return candidates
    }
}
