import AuraHTTP
import AuraJSON

/// Builds a model's answer from the server-sent events of one API's stream.
protocol StreamAssembler: Sendable {
    init()
    /// Takes one event; returns false once the stream has failed or finished.
    mutating func take(_ event: SSEEvent) -> Bool
    /// Output tokens so far (exact or estimated), for the progress display.
    var tokensReceived: Int { get }
    /// The answer once the stream has ended, or why there is none.
    func answer() -> Result<ModelAnswer, ProviderFailure>
}

extension ClaudeStreamAssembler: StreamAssembler {}
extension OpenAIStreamAssembler: StreamAssembler {}

extension ModelTransport {
    /// One non-streaming POST whose JSON body `decode` reads; a body that is not JSON, or not
    /// the API's shape, is a failure no retry cures.
    func complete(_ request: HTTPRequest, decode: (JSON) throws(ProviderFailure) -> ModelAnswer) -> Attempt<ModelAnswer> {
        switch post(request) {
        case let .success(body):
            let json: JSON
            do { json = try JSONParser.parse(body) } catch {
                return .fatal(ProviderFailure(.malformed, "the response is not valid JSON: \(error)"))
            }
            do { return .success(try decode(json)) } catch { return .fatal(error) }
        case let .status(head, body): return .status(head, body: body)
        case let .transport(error): return .transport(error)
        case let .fatal(failure): return .fatal(failure)
        }
    }

    /// One streaming POST assembled by `Assembler`, reporting tokens received every 16 through
    /// `progress` (`claude: T0001 src/calc.aura: 48 tokens received`).
    func streamed<Assembler: StreamAssembler>(_ request: HTTPRequest, as _: Assembler.Type, label: String,
                                              progress: ((String) -> Void)?) -> Attempt<ModelAnswer> {
        var assembler = Assembler()
        var reported = -1
        let outcome = postStreaming(request) { event in
            let more = assembler.take(event)
            let tokens = assembler.tokensReceived
            if tokens / 16 != reported / 16 {
                reported = tokens
                progress?("\(label): \(tokens) tokens received")
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
}
