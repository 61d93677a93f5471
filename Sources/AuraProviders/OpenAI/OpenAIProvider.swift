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

        public init() {}
    }

    public let name = "openai"
    public let settings: Settings
    let apiKey: String?
    let transport: ModelTransport

    /// - Throws: `ProviderSetupError.missingKey` when `apiKeyEnv` is set but the variable is not.
    public init(settings: Settings, environment: [String: String], retry: RetryPolicy = RetryPolicy(),
                progress: (@Sendable (String) -> Void)? = nil,
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
        var onRetry: (@Sendable (String, Double) -> Void)?
        if let progress {
            onRetry = { reason, wait in progress("openai: \(reason); retrying in \(format1(wait)) s") }
        }
        let describe: @Sendable (Int, [UInt8]) -> (type: String?, message: String) = { OpenAIWire.error(status: $0, body: $1) }
        transport = ModelTransport(retry: retry, redact: Redactor(secrets: key.map { [$0] } ?? []), sleep: sleep,
                                   describe: describe, onRetry: onRetry)
    }

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        var candidates: [HealCandidate] = []
        for target in HealTarget.targets(of: request, limit: settings.maxRequests) {
            try Task.checkCancellation()
            let answer = await ask(system: PromptBuilder.system + "\nReply with one JSON object that follows the propose_fix schema.",
                                   user: PromptBuilder.userMessage(for: target, request: request))
            candidates.append(ModelCandidates.candidate(for: target, answer: answer, provider: name, files: request.files))
        }
        return candidates
    }

    /// One question, with retries.
    public func ask(system: String, user: String) async -> Result<ModelAnswer, ProviderFailure> {
        var headers = [HTTPHeader("content-type", "application/json"), HTTPHeader("accept", "application/json")]
        if let apiKey { headers.append(HTTPHeader("authorization", "Bearer " + apiKey)) }
        let base = settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL
        let request = HTTPRequest(
            method: "POST", url: base + "/v1/chat/completions", headers: headers,
            text: OpenAIWire.requestBody(model: settings.model, maxTokens: settings.maxTokens, temperature: settings.temperature,
                                         system: system, user: user).serialized,
            timeouts: HTTPTimeouts(connect: 5, total: settings.timeout), maxBodySize: 4 << 20)
        return await transport.run { () async -> Attempt<ModelAnswer> in
            switch transport.post(request) {
            case let .success(body):
                do { return .success(try OpenAIWire.answer(from: try JSONParser.parse(body))) } catch let failure as ProviderFailure {
                    return .fatal(failure)
                } catch {
                    return .fatal(ProviderFailure(.malformed, "the response is not valid JSON: \(error)"))
                }
            case let .status(head, body): return .status(head, body: body)
            case let .transport(error): return .transport(error)
            case let .fatal(failure): return .fatal(failure)
            }
        }
    }
}
