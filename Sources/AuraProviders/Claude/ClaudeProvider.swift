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

        public init() {}
    }

    public let name = "claude"
    public let settings: Settings
    let apiKey: String
    let transport: ModelTransport
    let progress: (@Sendable (String) -> Void)?

    /// - Parameters:
    ///   - environment: where the key is read from (`settings.apiKeyEnv`).
    ///   - limiter: the cross-process rate limiter (nil: no limit).
    ///   - progress: receives one-line progress messages (tokens received, retries).
    ///   - sleep: how to wait between retries (tests record instead of sleeping).
    /// - Throws: `ProviderSetupError.missingKey` naming the variable when it is unset or empty.
    public init(settings: Settings, environment: [String: String], limiter: RateLimiter? = nil,
                retry: RetryPolicy = RetryPolicy(), progress: (@Sendable (String) -> Void)? = nil,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) throws {
        guard let key = environment[settings.apiKeyEnv], !key.isEmpty else {
            throw ProviderSetupError.missingKey(variable: settings.apiKeyEnv, key: "aura.claude.apiKeyEnv")
        }
        self.settings = settings
        self.apiKey = key
        self.progress = progress
        var onRetry: (@Sendable (String, Double) -> Void)?
        if let progress {
            onRetry = { reason, wait in progress("claude: \(reason); retrying in \(format1(wait)) s") }
        }
        let describe: @Sendable (Int, [UInt8]) -> (type: String?, message: String) = { ClaudeWire.error(status: $0, body: $1) }
        transport = ModelTransport(retry: retry, limiter: limiter, redact: Redactor(secrets: [key]), sleep: sleep,
                                   describe: describe, onRetry: onRetry)
    }

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        var candidates: [HealCandidate] = []
        for target in HealTarget.targets(of: request, limit: settings.maxRequests) {
            try Task.checkCancellation()
            let user = PromptBuilder.userMessage(for: target, request: request)
            let answer = await ask(system: PromptBuilder.system, user: user, label: "\(target.diagnostic.code) \(target.path)")
            candidates.append(ModelCandidates.candidate(for: target, answer: answer, provider: name, files: request.files))
        }
        return candidates
    }

    /// One question, with retries; the answer or why there is none.
    public func ask(system: String, user: String, label: String) async -> Result<ModelAnswer, ProviderFailure> {
        let body = ClaudeWire.requestBody(model: settings.model, maxTokens: settings.stream ? settings.maxTokens : min(settings.maxTokens, 21_333),
                                          system: system, user: user, temperature: settings.temperature, stream: settings.stream)
        let request = HTTPRequest(
            method: "POST", url: endpoint("/v1/messages"),
            headers: [HTTPHeader("x-api-key", apiKey), HTTPHeader("anthropic-version", ClaudeWire.version),
                      HTTPHeader("content-type", "application/json"),
                      HTTPHeader("accept", settings.stream ? "text/event-stream" : "application/json")],
            text: body.serialized,
            timeouts: HTTPTimeouts(connect: 5, total: settings.timeout), maxBodySize: 4 << 20)
        progress?("claude: asking about \(label)")
        return await transport.run { () async -> Attempt<ModelAnswer> in
            settings.stream ? streamed(request, label: label) : complete(request)
        }
    }

    private func complete(_ request: HTTPRequest) -> Attempt<ModelAnswer> {
        switch transport.post(request) {
        case let .success(body):
            do {
                let json = try JSONParser.parse(body)
                return .success(try ClaudeWire.answer(from: json))
            } catch let failure as ProviderFailure {
                return .fatal(failure)
            } catch {
                return .fatal(ProviderFailure(.malformed, "the response is not valid JSON: \(error)"))
            }
        case let .status(head, body): return .status(head, body: body)
        case let .transport(error): return .transport(error)
        case let .fatal(failure): return .fatal(failure)
        }
    }

    private func streamed(_ request: HTTPRequest, label: String) -> Attempt<ModelAnswer> {
        var assembler = ClaudeStreamAssembler()
        var reported = -1
        let outcome = transport.postStreaming(request) { event in
            let more = assembler.take(event)
            let tokens = assembler.tokensReceived
            if tokens / 16 != reported / 16 {
                reported = tokens
                progress?("claude: \(label): \(tokens) tokens received")
            }
            return more
        }
        switch outcome {
        case .success:
            switch assembler.answer() {
            case let .success(answer): return .success(answer)
            case let .failure(failure): return .fatal(failure)
            }
        case let .status(head, body): return .status(head, body: body)
        case let .transport(error): return .transport(error)
        case let .fatal(failure): return .fatal(failure)
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
