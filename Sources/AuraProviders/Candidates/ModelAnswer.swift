import AuraDiagnostics
import AuraHeal
import AuraJSON

/// A model's answer, whatever the API: the structured fix (tool input or JSON content), why the
/// model stopped, and what it cost.
public struct ModelAnswer: Sendable, Equatable {
    /// The `propose_fix` arguments, parsed; nil when the model gave none.
    public var input: JSON?
    /// `tool_use`, `end_turn`, `max_tokens`, `refusal` (Claude); `stop`, `length` (OpenAI).
    public var stopReason: String?
    public var usage: TokenUsage?

    public init(input: JSON?, stopReason: String?, usage: TokenUsage?) {
        self.input = input
        self.stopReason = stopReason
        self.usage = usage
    }
}

/// A problem a model is asked to fix, and the files its patch may touch.
public struct HealTarget: Sendable {
    public var problem: Problem
    public var diagnostic: Diagnostic { problem.diagnostic }
    public var path: String { problem.path }
    /// The diagnostic's own file and the files of its labels.
    public var allowedFiles: Set<String>

    /// The targets of a request: errors and failing tests (warnings are left to rules: a model
    /// call costs money and time), at most `limit`, in the order given.
    public static func targets(of request: HealRequest, limit: Int) -> [HealTarget] {
        request.problems.filter { $0.diagnostic.severity == .error }.prefix(limit).map { problem in
            let diagnostic = problem.diagnostic
            var allowed: Set<String> = [problem.path]
            for label in [diagnostic.primary] + diagnostic.secondary where Int(label.span.file) < request.sources.files.count {
                allowed.insert(request.sources[label.span.file].path)
            }
            return HealTarget(problem: problem, allowedFiles: allowed.filter { request.files[$0] != nil })
        }
    }
}

/// Builds the candidate for one target from a model's answer — a patch, or a rejection whose
/// reason the plan shows. Shared by every model provider so the safety checks exist once.
public enum ModelCandidates {
    public static func candidate(for target: HealTarget, answer: Result<ModelAnswer, ProviderFailure>, provider: String,
                                 files: [String: [UInt8]], limits: EditConversion.Limits = .init()) -> HealCandidate {
        func rejected(_ reason: String, usage: TokenUsage? = nil, explanation: String = "") -> HealCandidate {
            HealCandidate(problem: target.problem, rule: "\(provider)/patch", provider: provider,
                          edits: [], explanation: explanation, confidence: 0, risk: .medium, usage: usage,
                          rejection: "\(provider): \(reason)")
        }
        let reply = answer
        let answer: ModelAnswer
        switch reply {
        case let .failure(failure): return rejected(failure.description)
        case let .success(value): answer = value
        }
        switch answer.stopReason {
        case "max_tokens", "length":
            return rejected("the answer was cut off (stop reason `\(answer.stopReason!)`)", usage: answer.usage)
        case "refusal": return rejected("the model refused to answer", usage: answer.usage)
        case "model_context_window_exceeded": return rejected("the prompt exceeded the model's context window", usage: answer.usage)
        default: break
        }
        guard let input = answer.input else { return rejected("the answer has no propose_fix result", usage: answer.usage) }
        // From here on the model did answer: a rejection quotes its answer back in a follow-up.
        func answered(_ reason: String, explanation: String = "") -> HealCandidate {
            var candidate = rejected(reason, usage: answer.usage, explanation: explanation)
            candidate.answer = input.serialized
            return candidate
        }
        let proposal: FixSchema.Proposal
        do { proposal = try FixSchema.proposal(from: input) } catch {
            return answered(error.description)
        }
        guard proposal.action == .patch else {
            // A model that declines is not argued with.
            return rejected("no patch (\(proposal.action.rawValue)): \(proposal.explanation)", usage: answer.usage,
                            explanation: proposal.explanation)
        }
        let edits: [FileEdit]
        do { edits = try EditConversion.fileEdits(proposal.edits, files: files, allowed: target.allowedFiles, limits: limits) } catch {
            // A patch reaching for a file it may not touch may come from injected instructions:
            // the model is not asked again (no follow-up quotes it back).
            if error.isSafetyRefusal { return rejected(error.description, usage: answer.usage, explanation: proposal.explanation) }
            return answered(error.description, explanation: proposal.explanation)
        }
        return HealCandidate(problem: target.problem, rule: "\(provider)/patch", provider: provider,
                             edits: edits, explanation: proposal.explanation, confidence: proposal.confidence,
                             risk: EditConversion.risk(of: edits, files: files), usage: answer.usage, answer: input.serialized)
    }

    /// The candidate for a question that was not sent (a spent budget): a rejection, no request.
    public static func refused(_ target: HealTarget, provider: String, reason: String) -> HealCandidate {
        HealCandidate(problem: target.problem, rule: "\(provider)/patch", provider: provider, edits: [], explanation: "",
                      confidence: 0, risk: .medium, rejection: "\(provider): \(reason)")
    }
}

/// The per-problem loop every model provider shares: which problems to ask about, the session
/// budget, alternatives (`aura.provider.candidates`) and follow-ups after a rejection.
struct ModelQuestions: Sendable {
    /// `claude`, `openai`.
    let provider: String
    let model: String
    /// Problems asked about per heal round.
    let maxTargets: Int
    /// Answers asked for per problem (each its own request).
    let alternatives: Int
    let budget: SessionBudget?
    /// Sends one conversation; the answer and the requests it took.
    let ask: @Sendable ([Turn], String) async -> (result: Result<ModelAnswer, ProviderFailure>, requests: Int)

    /// First questions (`reflecting` false), or follow-ups about the problems this provider's
    /// answers were rejected for.
    func candidates(_ request: HealRequest, reflecting: Bool) async throws -> [HealCandidate] {
        var candidates: [HealCandidate] = []
        for target in HealTarget.targets(of: request, limit: reflecting ? .max : maxTargets) {
            let rejected = request.rejected[target.problem.id, default: []].filter { $0.provider == provider }
            if reflecting && rejected.isEmpty { continue }
            let turns = PromptBuilder.conversation(for: target, request: request, rejected: rejected)
            for _ in 0..<(reflecting ? 1 : alternatives) {
                try Task.checkCancellation()
                if let reason = budget?.refusal() {
                    candidates.append(ModelCandidates.refused(target, provider: provider, reason: reason))
                    break
                }
                let (answer, requests) = await ask(turns, "\(target.diagnostic.code) \(target.path)")
                budget?.charge(requests: requests, usage: try? answer.get().usage)
                var candidate = ModelCandidates.candidate(for: target, answer: answer, provider: provider, files: request.files)
                candidate.requests = requests
                candidate.model = model
                candidates.append(candidate)
            }
        }
        return candidates
    }
}
