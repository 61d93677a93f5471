import AuraDiagnostics

/// The default, offline provider: the checker's own fixes, each mapped to a named rule with a
/// risk class and a confidence. A placeholder fix becomes a candidate only when its rule is a
/// question (`critical`: shown in the plan, asked, never applied by itself); other diagnostics
/// without a usable fix get none: guessing would be wrong more often than right.
public struct RulesProvider: HealProvider {
    public let name = "rules"

    public init() {}

    struct Rule {
        let id: String
        let risk: Risk
        /// What the fix keeps as the user wrote it (docs/healing.md lists it per rule).
        var preserves = "the program's behaviour"
        /// The fix could change a value the program computes (a conversion that rounds, where a
        /// string ends): without a test of the enclosing function it is at least `medium`.
        var guarded = false
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
        .unterminatedString: Rule(id: "close-string", risk: .low, preserves: "the code after the line; the string's text is read to the line end", guarded: true),
        .unknownName: Rule(id: "similar-name", risk: .low),
        .unknownField: Rule(id: "similar-field", risk: .low),
        .unknownType: Rule(id: "similar-type", risk: .low),
        .misplacedPlaceholder: Rule(id: "placeholder-lambda", risk: .low),
        .typeMismatch: Rule(id: "convert", risk: .low, preserves: "the value: `to_f` of an `i` and `to_s` are exact"),
        .badOperands: Rule(id: "repeat-string", risk: .low),
        .dynNeedsConversion: Rule(id: "dyn-conversion", risk: .low, preserves: "the value; a `dyn` of another kind stops with R0006 instead of converting"),
        .cannotInfer: Rule(id: "annotate", risk: .low),
        .unknownCapability: Rule(id: "capability-name", risk: .low),
        .unknownCapabilityMember: Rule(id: "capability-member", risk: .low),
        .unknownModuleMember: Rule(id: "module-member", risk: .low),
        .effectInPureContext: Rule(id: "make-effectful", risk: .medium),
        .wrongArgumentCount: Rule(id: "drop-extra-arguments", risk: .critical),
        .assignToImmutable: Rule(id: "declare-var", risk: .low),
    ]

    /// Rules by the fix's own `rule` name, when one code has fixes of different certainty.
    static let fixRules: [String: Rule] = [
        "convert-operands": Rule(id: "convert-operands", risk: .low,
                                 preserves: "the quotient the declared `f` asks for: the operands are converted, so nothing is truncated", guarded: true),
        "truncate-to-int": Rule(id: "truncate-to-int", risk: .low, preserves: "the integer part only (`to_i` truncates)", guarded: true),
        "close-string-before-closers": Rule(id: "close-string", risk: .low,
                                            preserves: "the call or list the line closes; the string's text is a guess", guarded: true),
        "capability-in-use": Rule(id: "capability-name", risk: .safe, preserves: "the capability the file uses"),
        "parenthesise-head": Rule(id: "parenthesise-head", risk: .safe, preserves: "the condition as written (LANGUAGE.md §4)"),
        "placeholder-lambda": Rule(id: "placeholder-lambda", risk: .low, preserves: "the expression, as the one-parameter lambda `_` stands for"),
        "repeat-string": Rule(id: "repeat-string", risk: .low, preserves: "the repetition `*` was written for"),
        // Questions: the fix checks, but its default is a guess only the author can make.
        "default-optional": Rule(id: "default-optional", risk: .critical, preserves: "nothing certain: the default for `none` is a guess"),
        "parse-with-default": Rule(id: "parse-with-default", risk: .critical, preserves: "nothing certain: the value for unparsable text is a guess"),
    ]

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] { candidates(request) }

    /// The candidates for the request's problems (synchronous: rules never wait on anything).
    public func candidates(_ request: HealRequest) -> [HealCandidate] {
        var candidates: [HealCandidate] = []
        let coverage = TestCoverage(files: request.files)
        for problem in request.problems {
            let diagnostic = problem.diagnostic
            for fix in diagnostic.fixes {
                let named = fix.rule.flatMap { RulesProvider.fixRules[$0] }
                // A placeholder fix is a candidate only as a named question (valid code with a guess in it).
                if fix.applicability == .placeholder && named?.risk != .critical { continue }
                let rule = named ?? RulesProvider.rules[diagnostic.code]
                    ?? Rule(id: "checker-fix", risk: fix.applicability == .safe ? .low : .medium)
                let edits = fix.edits.map { edit in
                    FileEdit(path: request.sources[edit.span.file].path, start: Int(edit.span.start), end: Int(edit.span.end),
                             replacement: edit.replacement)
                }
                var risk = fix.applicability == .safe ? rule.risk : max(rule.risk, .low)
                var explanation = fix.message + "; preserves " + rule.preserves
                if rule.risk == .critical { explanation += "; a question for the author, never applied automatically" }
                if rule.guarded, let first = edits.first, let function = coverage.enclosingDeclaration(first.path, first.start) {
                    if let test = coverage.test(calling: function) {
                        explanation += "; test \"\(test)\" covers `\(function)`"
                    } else {
                        risk = max(risk, .medium)
                        explanation += "; no test covers `\(function)`"
                    }
                }
                candidates.append(HealCandidate(
                    problem: problem, rule: "rules/" + rule.id, provider: name, edits: edits,
                    explanation: explanation, confidence: fix.applicability == .safe ? 0.97 : 0.85, risk: risk))
            }
        }
        return candidates
    }
}
