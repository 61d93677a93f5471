import AuraHeal
import AuraJSON

/// Assembles a streamed chat completion from its server-sent events: `data:` chunks of
/// `chat.completion.chunk` whose `choices[0].delta` carries pieces of `content` (or of
/// `tool_calls[0].function.arguments`), then a chunk with `finish_reason`, a chunk with `usage`
/// (`stream_options.include_usage`), and `data: [DONE]`. An error chunk (`{"error": ...}`, or an
/// `error` event as llama.cpp sends), malformed JSON, or the end of the stream with neither
/// `[DONE]` nor a `finish_reason` is a failure — the same handling as Claude's stream.
public struct OpenAIStreamAssembler: Sendable {
    private var content = ""
    private var arguments = ""
    private var finishReason: String?
    private var usage: TokenUsage?
    public private(set) var finished = false
    public private(set) var failure: ProviderFailure?

    public init() {}

    /// Output tokens so far, estimated from the text received (about four characters per
    /// token) until the usage chunk gives the exact figure, for the progress display.
    public var tokensReceived: Int { usage?.output ?? (content.count + arguments.count) / 4 }

    /// Takes one event; returns false once the stream has failed or finished.
    public mutating func take(_ event: SSEEvent) -> Bool {
        guard failure == nil, !finished else { return false }
        if event.data == "[DONE]" {
            finished = true
            return false
        }
        let data: JSON
        do { data = try JSONParser.parse(event.data) } catch {
            failure = ProviderFailure(.malformed, "a streamed chunk holds malformed JSON (\(error))")
            return false
        }
        if event.name == "error" || data["error"] != nil {
            let error = data["error"] ?? data
            let type = error["type"]?.string ?? "error"
            failure = ProviderFailure(.stream, "the stream failed: \(type): \(error["message"]?.string ?? error.string ?? "no message")")
            return false
        }
        if let reported = OpenAIWire.usage(data["usage"]) { usage = reported }
        guard let choice = data["choices"]?[0] else { return true }
        if let delta = choice["delta"], delta.isObject {
            if let piece = delta["content"]?.string { content += piece }
            if let piece = delta["tool_calls"]?[0]?["function"]?["arguments"]?.string { arguments += piece }
        }
        if let reason = choice["finish_reason"]?.string { finishReason = reason }
        return true
    }

    /// The answer, once the stream has ended; a failure when it broke off or never finished.
    public func answer() -> Result<ModelAnswer, ProviderFailure> {
        if let failure { return .failure(failure) }
        guard finished || finishReason != nil else {
            return .failure(ProviderFailure(.stream, "the stream ended without a finish_reason or [DONE] (truncated)"))
        }
        do {
            return .success(try OpenAIWire.answer(text: arguments.isEmpty ? content : arguments, finishReason: finishReason, usage: usage))
        } catch {
            return .failure(error)
        }
    }
}
