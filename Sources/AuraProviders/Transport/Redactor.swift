import AuraDiagnostics

/// Removes secrets (API keys) from any text that could reach a terminal, a log or a commit —
/// in particular error messages that quote a server's answer, whole or in part (see
/// `SecretScrubber`: any run of 8 or more bytes of a key is masked).
public struct Redactor: Sendable {
    let scrubber: SecretScrubber

    public init(secrets: [String]) {
        scrubber = SecretScrubber(secrets: secrets)
    }

    public func callAsFunction(_ text: String) -> String { scrubber(text) }
}
