import AuraHeal
import AuraJSON

/// Assembles a streamed message from its server-sent events: `message_start` →
/// (`content_block_start`, `content_block_delta`*, `content_block_stop`)* → `message_delta` →
/// `message_stop`. `ping` and unknown events are ignored. An `error` event, or the end of the
/// stream without `message_stop`, is a failure.
public struct ClaudeStreamAssembler: Sendable {
    struct Block {
        var type: String
        var json = ""
        var input: JSON?
    }

    private var blocks: [Int: Block] = [:]
    private var stopReason: String?
    private var inputTokens = 0
    private var outputTokens = 0
    private var receivedCharacters = 0
    public private(set) var finished = false
    public private(set) var failure: ProviderFailure?

    public init() {}

    /// Output tokens so far: exact after `message_delta`, else estimated from the text received
    /// (about four characters per token), for the progress display.
    public var tokensReceived: Int { max(outputTokens, receivedCharacters / 4) }

    /// Takes one event; returns false once the stream has failed or finished.
    public mutating func take(_ event: SSEEvent) -> Bool {
        guard failure == nil, !finished else { return false }
        if event.name == "ping" { return true }
        let data: JSON
        do { data = try JSONParser.parse(event.data) } catch {
            failure = ProviderFailure(.malformed, "a `\(event.name)` event holds malformed JSON (\(error))")
            return false
        }
        switch event.name {
        case "message_start":
            if let usage = ClaudeWire.usage(data["message"]?["usage"]) {
                inputTokens = usage.input
                outputTokens = usage.output
            }
        case "content_block_start":
            guard let index = data["index"]?.int, let block = data["content_block"] else { return fail("content_block_start without index") }
            var started = Block(type: block["type"]?.string ?? "")
            if let input = block["input"], case let .object(members) = input, !members.isEmpty { started.input = input }
            blocks[index] = started
        case "content_block_delta":
            guard let index = data["index"]?.int, let delta = data["delta"] else { return fail("content_block_delta without index") }
            if delta["type"]?.string == "input_json_delta", let part = delta["partial_json"]?.string {
                blocks[index, default: Block(type: "tool_use")].json += part
                receivedCharacters += part.count
            } else if delta["type"]?.string == "text_delta", let text = delta["text"]?.string {
                receivedCharacters += text.count
            }
        case "content_block_stop":
            guard let index = data["index"]?.int else { return fail("content_block_stop without index") }
            if var block = blocks[index], block.type == "tool_use", block.input == nil {
                // The concatenated partial JSON is complete only now; empty means `{}`.
                do { block.input = block.json.isEmpty ? .object([]) : try JSONParser.parse(block.json) } catch {
                    failure = ProviderFailure(.malformed, "the streamed tool input is malformed JSON (\(error))")
                    return false
                }
                blocks[index] = block
            }
        case "message_delta":
            if let reason = data["delta"]?["stop_reason"]?.string { stopReason = reason }
            if let output = data["usage"]?["output_tokens"]?.int { outputTokens = output }
            if let input = data["usage"]?["input_tokens"]?.int { inputTokens = input }
        case "message_stop":
            finished = true
            return false
        case "error":
            let type = data["error"]?["type"]?.string ?? "error"
            failure = ProviderFailure(.stream, "the stream failed: \(type): \(data["error"]?["message"]?.string ?? "no message")")
            return false
        default:
            break
        }
        return true
    }

    private mutating func fail(_ message: String) -> Bool {
        failure = ProviderFailure(.malformed, "malformed stream: \(message)")
        return false
    }

    /// The answer, once the stream has ended; a failure when it broke off or never finished.
    public func answer() -> Result<ModelAnswer, ProviderFailure> {
        if let failure { return .failure(failure) }
        guard finished else { return .failure(ProviderFailure(.stream, "the stream ended without message_stop (truncated)")) }
        let tool = blocks.sorted { $0.key < $1.key }.first { $0.value.type == "tool_use" }?.value
        return .success(ModelAnswer(input: tool?.input, stopReason: stopReason,
                                    usage: TokenUsage(input: inputTokens, output: outputTokens)))
    }
}
