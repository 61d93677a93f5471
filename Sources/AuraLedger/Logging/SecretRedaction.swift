import AuraDiagnostics
import Foundation
import Logging

/// Keeps secrets out of logs: values of secret-looking environment variables (API keys,
/// tokens, passwords) are replaced wherever they appear, and metadata under secret-looking
/// keys is never written.
public struct SecretRedaction: Sendable {
    /// The replacement text.
    public static let mask = "[redacted]"
    let secrets: [String]
    /// Runs of 8 or more bytes of a secret (a partial quote) are masked too.
    let partial: SecretScrubber

    /// - Parameter environment: where the secrets to hide come from (normally the process environment).
    public init(environment: [String: String]) {
        secrets = environment.filter { Self.isSecretName($0.key) && $0.value.count >= 6 }.map(\.value)
            .sorted { $0.count > $1.count }   // longest first, so a secret containing another is masked whole
        partial = SecretScrubber(secrets: secrets)
    }

    /// `ANTHROPIC_API_KEY`, `GITHUB_TOKEN`, `DB_PASSWORD`, `aura.claude.apiKey`, `authorization`, ...
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "AUTHORIZATION", "CREDENTIAL"].contains { upper.contains($0) }
            && !upper.hasSuffix("KEYENV") && !upper.hasSuffix("_KEY_ENV")
    }

    /// `text` with every known secret masked.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        return partial(result)
    }

    /// Metadata with secret keys dropped to the mask and secret values masked, recursively.
    public func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result: Logger.Metadata = [:]
        for (key, value) in metadata {
            result[key] = Self.isSecretName(key) ? .string(Self.mask) : redact(value)
        }
        return result
    }

    func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(redact(text))
        case .stringConvertible(let convertible): return .string(redact(convertible.description))
        case .array(let values): return .array(values.map(redact))
        case .dictionary(let dictionary): return .dictionary(redact(dictionary))
        }
    }
}
