import Foundation
import AuraHeal
import AuraJSON

/// OpenAI-compatible chat completions (llama.cpp server, Ollama, ...; PROVIDERS.md).
public enum OpenAIWire {
    /// The `POST /v1/chat/completions` body; the answer's shape is forced with `response_format`
    /// in the nested `json_schema` form, which both llama.cpp and Ollama accept.
    public static func requestBody(model: String, maxTokens: Int, temperature: Double, system: String, user: String) -> JSON {
        requestBody(model: model, maxTokens: maxTokens, temperature: temperature, system: system, turns: [.user(user)], stream: false)
    }

    /// The body for a whole conversation: a rejected answer is the assistant's message, its
    /// feedback the next user message. Streaming asks for the usage in the last chunk.
    public static func requestBody(model: String, maxTokens: Int, temperature: Double, system: String, turns: [Turn], stream: Bool) -> JSON {
        var messages: [JSON] = [["role": "system", "content": .string(system)]]
        for turn in turns {
            switch turn {
            case let .user(text), let .feedback(text): messages.append(["role": "user", "content": .string(text)])
            case let .answer(text): messages.append(["role": "assistant", "content": .string(text)])
            }
        }
        var members: [(String, JSON)] = [
            ("model", .string(model)),
            ("messages", .array(messages)),
            ("max_tokens", .number(Double(maxTokens))),
            ("temperature", .number(temperature)),
            ("response_format", ["type": "json_schema",
                                 "json_schema": ["name": .string(FixSchema.name), "strict": true, "schema": FixSchema.schema]]),
            ("stream", .bool(stream)),
        ]
        if stream { members.append(("stream_options", ["include_usage": true])) }
        return .object(members)
    }

    /// `choices[0].message.content` (a JSON string) or `tool_calls[0].function.arguments` (a JSON
    /// string), `finish_reason` and usage.
    public static func answer(from response: JSON) throws(ProviderFailure) -> ModelAnswer {
        guard let choice = response["choices"]?[0], let message = choice["message"], message.isObject else {
            throw ProviderFailure(.malformed, "the response has no choices[0].message")
        }
        let text = message["tool_calls"]?[0]?["function"]?["arguments"]?.string ?? message["content"]?.string
        return try answer(text: text, finishReason: choice["finish_reason"]?.string, usage: usage(response["usage"]))
    }

    /// `usage` with `prompt_tokens` and `completion_tokens`; nil when absent or null.
    static func usage(_ json: JSON?) -> TokenUsage? {
        guard let json, json.isObject else { return nil }
        return TokenUsage(input: json["prompt_tokens"]?.int ?? 0, output: json["completion_tokens"]?.int ?? 0)
    }

    /// The answer from the model's text (streamed or not): its JSON, unless cut off.
    static func answer(text: String?, finishReason reason: String?, usage: TokenUsage?) throws(ProviderFailure) -> ModelAnswer {
        guard let text, !text.isEmpty else { return ModelAnswer(input: nil, stopReason: reason, usage: usage) }
        if reason == "length" { return ModelAnswer(input: nil, stopReason: reason, usage: usage) }
        do {
            return ModelAnswer(input: try JSONParser.parse(stripFence(text)), stopReason: reason, usage: usage)
        } catch {
            throw ProviderFailure(.malformed, "the model's answer is not JSON: \(error)")
        }
    }

    /// Some local models wrap JSON in a Markdown fence despite the schema.
    static func stripFence(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.hasPrefix("```") == true else { return text }
        lines.removeFirst()
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty || last.hasPrefix("```") { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `{"error":{"message":...,"type":...,"code":...}}`, or the status when the body is not JSON.
    public static func error(status: Int, body: [UInt8]) -> (type: String?, message: String) {
        if let json = try? JSONParser.parse(body) {
            if let error = json["error"], error.isObject {
                return (error["type"]?.string, error["message"]?.string ?? "no message")
            }
            if let message = json["error"]?.string { return (nil, message) }
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (status == 503 ? "unavailable_error" : nil, text.isEmpty ? "no message" : text)
    }
}
