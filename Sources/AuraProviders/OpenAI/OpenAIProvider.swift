import AuraHTTP
import AuraHeal
import AuraJSON

/// Heals with a local or hosted OpenAI-compatible model (llama.cpp server, Ollama, vLLM, ...).
/// Same prompt, schema and safety checks as Claude; a 503 while the model loads is retried.
public struct OpenAIProvider: HealProvider {
    /// `aura.openai.*` settings.
    public struct Settings: Sendable, Equatable {
        /// llama.cpp server's default address.
        public var baseURL = "http://127.0.0.1:8080"
        public var model = "local"
        /// Optional: local servers usually need no key.
        public var apiKeyEnv: String?
        public var maxTokens = 2048
        /// Sent explicitly (local servers default to sampling); 0 for repeatable answers.
        public var temperature = 0.0
        public var timeout = 600.0
        public var maxRequests = 8
        /// Answers asked for per problem (`aura.provider.candidates`), each its own request.
        public var candidates = 1
        /// Stream the answer as server-sent events (`aura.openai.stream`).
        public var stream = false

        public init() {}
    }

    public let name = "openai"
    public let settings: Settings
    let apiKey: String?
    let transport: ModelTransport
    let progress: (@Sendable (String) -> Void)?
    let budget: SessionBudget?

    /// - Parameter budget: the session's request and token budget, shared with the other providers.
    /// - Throws: `ProviderSetupError.missingKey` when `apiKeyEnv` is set but the variable is not.
    public init(settings: Settings, environment: [String: String], retry: RetryPolicy = RetryPolicy(),
                progress: (@Sendable (String) -> Void)? = nil, budget: SessionBudget? = nil,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) throws {
        var key: String?
        if let variable = settings.apiKeyEnv {
            guard let value = environment[variable], !value.isEmpty else {
                throw ProviderSetupError.missingKey(variable: variable, key: "aura.openai.apiKeyEnv")
            }
            key = value
        }
        self.settings = settings
        self.apiKey = key
        self.progress = progress
        self.budget = budget
        var onRetry: (@Sendable (String, Double) -> Void)?
        if let progress {
            onRetry = { reason, wait in progress("openai: \(reason); retrying in \(format1(wait)) s") }
        }
        let describe: @Sendable (Int, [UInt8]) -> (type: String?, message: String) = { OpenAIWire.error(status: $0, body: $1) }
        transport = ModelTransport(retry: retry, redact: Redactor(secrets: key.map { [$0] } ?? []), sleep: sleep,
                                   describe: describe, onRetry: onRetry)
    }

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        try await questions.candidates(request, reflecting: false)
    }

    public func reflect(_ request: HealRequest) async throws -> [HealCandidate] {
        try await questions.candidates(request, reflecting: true)
    }

    /// The system prompt: the shared one, and the answer's form (no tools: a JSON object).
    public static let system = PromptBuilder.system + "\nReply with one JSON object that follows the propose_fix schema."

    var questions: ModelQuestions {
        ModelQuestions(provider: name, model: settings.model, maxTargets: settings.maxRequests, alternatives: settings.candidates,
                       budget: budget) { turns, label in await ask(system: Self.system, turns: turns, label: label) }
    }

    /// One question, with retries.
    public func ask(system: String, user: String) async -> Result<ModelAnswer, ProviderFailure> {
        await ask(system: system, turns: [.user(user)], label: "").result
    }

    /// One conversation, with retries: the answer (or why there is none) and the requests made.
    public func ask(system: String, turns: [Turn], label: String) async -> (result: Result<ModelAnswer, ProviderFailure>, requests: Int) {
        var headers = [HTTPHeader("content-type", "application/json"),
                       HTTPHeader("accept", settings.stream ? "text/event-stream" : "application/json")]
        if let apiKey { headers.append(HTTPHeader("authorization", "Bearer " + apiKey)) }
        let base = settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL
        let request = HTTPRequest(
            method: "POST", url: base + "/v1/chat/completions", headers: headers,
            text: OpenAIWire.requestBody(model: settings.model, maxTokens: settings.maxTokens, temperature: settings.temperature,
                                         system: system, turns: turns, stream: settings.stream).serialized,
            timeouts: HTTPTimeouts(connect: 5, total: settings.timeout), maxBodySize: 4 << 20)
        if !label.isEmpty { progress?("openai: asking about \(label)") }
        return await transport.runCounting { () async -> Attempt<ModelAnswer> in
            settings.stream ? transport.streamed(request, as: OpenAIStreamAssembler.self, label: "openai: \(label)", progress: progress)
                            : transport.complete(request) { json throws(ProviderFailure) in try OpenAIWire.answer(from: json) }
        }
    }
}
