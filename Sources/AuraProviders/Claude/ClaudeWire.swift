import Foundation
import AuraHeal
import AuraJSON

/// The Claude Messages API's JSON (PROVIDERS.md): the request body, a complete response, and
/// error bodies. Decoding is lenient: unknown members and content block types are ignored.
public enum ClaudeWire {
    public static let version = "2023-06-01"

    /// The `POST /v1/messages` body forcing the `propose_fix` tool. `temperature` is sent only
    /// when configured: newer models reject non-default sampling values.
    public static func requestBody(model: String, maxTokens: Int, system: String, user: String,
                                   temperature: Double?, stream: Bool) -> JSON {
        requestBody(model: model, maxTokens: maxTokens, system: system, turns: [.user(user)], temperature: temperature, stream: stream)
    }

    /// The body for a whole conversation: a rejected answer is the assistant's `tool_use` block
    /// (as the model sent it), and its feedback the `tool_result` that answers it, marked as an error.
    public static func requestBody(model: String, maxTokens: Int, system: String, turns: [Turn],
                                   temperature: Double?, stream: Bool) -> JSON {
        var members: [(String, JSON)] = [
            ("model", .string(model)),
            ("max_tokens", .number(Double(maxTokens))),
            ("system", .string(system)),
            ("messages", .array(messages(turns))),
            ("tools", [["name": .string(FixSchema.name), "description": "Return the fix for the described problem",
                        "input_schema": FixSchema.schema]]),
            ("tool_choice", ["type": "tool", "name": .string(FixSchema.name)]),
        ]
        if let temperature { members.append(("temperature", .number(temperature))) }
        if stream { members.append(("stream", true)) }
        return .object(members)
    }

    static func messages(_ turns: [Turn]) -> [JSON] {
        var messages: [JSON] = []
        var answers = 0
        var pendingTool: String?
        for turn in turns {
            switch turn {
            case let .user(text):
                messages.append(["role": "user", "content": .string(text)])
            case let .answer(text):
                answers += 1
                if let input = try? JSONParser.parse(text), input.isObject {
                    let id = "toolu_aura_\(answers)"
                    pendingTool = id
                    messages.append(["role": "assistant", "content": [["type": "tool_use", "id": .string(id),
                                                                        "name": .string(FixSchema.name), "input": input]]])
                } else {
                    pendingTool = nil
                    messages.append(["role": "assistant", "content": .string(text)])
                }
            case let .feedback(text):
                if let id = pendingTool {
                    messages.append(["role": "user", "content": [["type": "tool_result", "tool_use_id": .string(id),
                                                                   "is_error": true, "content": .string(text)]]])
                } else {
                    messages.append(["role": "user", "content": .string(text)])
                }
                pendingTool = nil
            }
        }
        return messages
    }

    /// A complete (non-streaming) message: the input of the first `tool_use` block, the stop
    /// reason and the usage.
    public static func answer(from message: JSON) throws(ProviderFailure) -> ModelAnswer {
        guard message["type"]?.string == "message" || message["content"] != nil, let content = message["content"]?.array else {
            throw ProviderFailure(.malformed, "the response is not a message (no `content`)")
        }
        let tool = content.first { $0["type"]?.string == "tool_use" }
        return ModelAnswer(input: tool?["input"], stopReason: message["stop_reason"]?.string, usage: usage(message["usage"]))
    }

    static func usage(_ json: JSON?) -> TokenUsage? {
        guard let json, json.isObject else { return nil }
        return TokenUsage(input: json["input_tokens"]?.int ?? 0, output: json["output_tokens"]?.int ?? 0)
    }

    /// `{"type":"error","error":{"type":T,"message":M}}`; a body that is not JSON (a 413 from a
    /// proxy) is classified by status.
    public static func error(status: Int, body: [UInt8]) -> (type: String?, message: String) {
        if let json = try? JSONParser.parse(body), let error = json["error"], error.isObject {
            return (error["type"]?.string ?? typeForStatus(status), error["message"]?.string ?? "no message")
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (typeForStatus(status), text.isEmpty ? "no message" : text)
    }

    static func typeForStatus(_ status: Int) -> String? {
        switch status {
        case 400: return "invalid_request_error"
        case 401: return "authentication_error"
        case 402: return "billing_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 413: return "request_too_large"
        case 429: return "rate_limit_error"
        case 504: return "timeout_error"
        case 529: return "overloaded_error"
        case 500...: return "api_error"
        default: return nil
        }
    }
}
