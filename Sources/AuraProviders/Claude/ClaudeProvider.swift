import AuraHTTP
import AuraHeal
import AuraJSON

/// Heals with Claude through the Messages API (PROVIDERS.md): one request per problem, the
/// `propose_fix` tool forced, streamed or not, retried per the SDKs' policy and rate limited
/// across processes. The API key is held in memory and sent only in the `x-api-key` header.
public struct ClaudeProvider: HealProvider {
    /// `aura.claude.*` settings.
    public struct Settings: Sendable, Equatable {
        public var model = "claude-sonnet-4-5"
        public var baseURL = "https://api.anthropic.com"
        public var apiKeyEnv = "ANTHROPIC_API_KEY"
        /// ≤ 21,333 for non-streaming requests (the SDKs' limit for one synchronous call).
        public var maxTokens = 2048
        public var temperature: Double?
        public var stream = false
        public var requestsPerMinute: Int?
        /// Whole-request limit in seconds (the SDKs' default: 600).
        public var timeout = 600.0
        /// Problems asked about per heal round.
        public var maxRequests = 8
        /// Answers asked for per problem (`aura.provider.candidates`), each its own request.
        public var candidates = 1

        public init() {}
    }

    public let name = "claude"
    public let settings: Settings
    let apiKey: String
    let transport: ModelTransport
    let progress: (@Sendable (String) -> Void)?
    let budget: SessionBudget?

    /// - Parameters:
    ///   - environment: where the key is read from (`settings.apiKeyEnv`).
    ///   - limiter: the cross-process rate limiter (nil: no limit).
    ///   - progress: receives one-line progress messages (tokens received, retries).
    ///   - sleep: how to wait between retries (tests record instead of sleeping).
    /// - Throws: `ProviderSetupError.missingKey` naming the variable when it is unset or empty.
    ///   - budget: the session's request and token budget, shared with the other providers.
    public init(settings: Settings, environment: [String: String], limiter: RateLimiter? = nil,
                retry: RetryPolicy = RetryPolicy(), progress: (@Sendable (String) -> Void)? = nil, budget: SessionBudget? = nil,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) throws {
        guard let key = environment[settings.apiKeyEnv], !key.isEmpty else {
            throw ProviderSetupError.missingKey(variable: settings.apiKeyEnv, key: "aura.claude.apiKeyEnv")
        }
        self.settings = settings
        self.apiKey = key
        self.progress = progress
        self.budget = budget
        var onRetry: (@Sendable (String, Double) -> Void)?
        if let progress {
            onRetry = { reason, wait in progress("claude: \(reason); retrying in \(format1(wait)) s") }
        }
        let describe: @Sendable (Int, [UInt8]) -> (type: String?, message: String) = { ClaudeWire.error(status: $0, body: $1) }
        transport = ModelTransport(retry: retry, limiter: limiter, redact: Redactor(secrets: [key]), sleep: sleep,
                                   describe: describe, onRetry: onRetry)
    }

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        try await questions.candidates(request, reflecting: false)
    }

    public func reflect(_ request: HealRequest) async throws -> [HealCandidate] {
        try await questions.candidates(request, reflecting: true)
    }

    var questions: ModelQuestions {
        ModelQuestions(provider: name, model: settings.model, maxTargets: settings.maxRequests, alternatives: settings.candidates,
                       budget: budget) { turns, label in await ask(system: PromptBuilder.system, turns: turns, label: label) }
    }

    /// One question, with retries; the answer or why there is none.
    public func ask(system: String, user: String, label: String) async -> Result<ModelAnswer, ProviderFailure> {
        await ask(system: system, turns: [.user(user)], label: label).result
    }

    /// One conversation, with retries: the answer (or why there is none) and the requests made.
    public func ask(system: String, turns: [Turn], label: String) async -> (result: Result<ModelAnswer, ProviderFailure>, requests: Int) {
        let body = ClaudeWire.requestBody(model: settings.model, maxTokens: settings.stream ? settings.maxTokens : min(settings.maxTokens, 21_333),
                                          system: system, turns: turns, temperature: settings.temperature, stream: settings.stream)
        let request = HTTPRequest(
            method: "POST", url: endpoint("/v1/messages"),
            headers: [HTTPHeader("x-api-key", apiKey), HTTPHeader("anthropic-version", ClaudeWire.version),
                      HTTPHeader("content-type", "application/json"),
                      HTTPHeader("accept", settings.stream ? "text/event-stream" : "application/json")],
            text: body.serialized,
            timeouts: HTTPTimeouts(connect: 5, total: settings.timeout), maxBodySize: 4 << 20)
        progress?("claude: asking about \(label)")
        return await transport.runCounting { () async -> Attempt<ModelAnswer> in
            settings.stream ? transport.streamed(request, as: ClaudeStreamAssembler.self, label: "claude: \(label)", progress: progress)
                            : transport.complete(request) { json throws(ProviderFailure) in try ClaudeWire.answer(from: json) }
        }
    }

    func endpoint(_ path: String) -> String {
        (settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL) + path
    }
}

/// `1.5`: one decimal, for waits shown on the terminal.
func format1(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
