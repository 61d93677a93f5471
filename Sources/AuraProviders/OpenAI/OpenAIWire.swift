import Foundation
import AuraHeal
import AuraJSON

/// OpenAI-compatible chat completions (llama.cpp server, Ollama, ...; PROVIDERS.md).
public enum OpenAIWire {
    /// The `POST /v1/chat/completions` body; the answer's shape is forced with `response_format`
    /// in the nested `json_schema` form, which both llama.cpp and Ollama accept.
    public static func requestBody(model: String, maxTokens: Int, temperature: Double, system: String, user: String) -> JSON {
        [
            "model": .string(model),
            "messages": [["role": "system", "content": .string(system)], ["role": "user", "content": .string(user)]],
            "max_tokens": .number(Double(maxTokens)),
            "temperature": .number(temperature),
            "response_format": ["type": "json_schema",
                                "json_schema": ["name": .string(FixSchema.name), "strict": true, "schema": FixSchema.schema]],
            "stream": false,
        ]
    }

    /// `choices[0].message.content` (a JSON string) or `tool_calls[0].function.arguments` (a JSON
    /// string), `finish_reason` and usage.
    public static func answer(from response: JSON) throws(ProviderFailure) -> ModelAnswer {
        guard let choice = response["choices"]?[0], let message = choice["message"], message.isObject else {
            throw ProviderFailure(.malformed, "the response has no choices[0].message")
        }
        let reason = choice["finish_reason"]?.string
        let usage = response["usage"].map {
            TokenUsage(input: $0["prompt_tokens"]?.int ?? 0, output: $0["completion_tokens"]?.int ?? 0)
        }
        let text = message["tool_calls"]?[0]?["function"]?["arguments"]?.string ?? message["content"]?.string
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
