/// Removes secrets (API keys) from any text that could reach a terminal, a log or a commit —
/// in particular error messages that quote a server's answer.
public struct Redactor: Sendable {
    let secrets: [String]

    public init(secrets: [String]) {
        // Short "secrets" would redact ordinary words; real keys are long.
        self.secrets = secrets.filter { $0.count >= 8 }
    }

    public func callAsFunction(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return result
    }
}
