import AuraGit

/// The `aura.*` provider settings with where each came from, so an invalid value can be reported
/// with its key, value and origin. Keys are compared case-insensitively, like git's.
public struct ProviderConfig: Sendable {
    public struct Entry: Sendable, Equatable {
        public var value: String
        /// `local`, `global`, `commandLine`, ... (or `test`).
        public var origin: String

        public init(_ value: String, origin: String) {
            self.value = value
            self.origin = origin
        }
    }

    /// Every key this target reads.
    public static let keys = [
        "aura.provider",
        "aura.claude.model", "aura.claude.baseUrl", "aura.claude.apiKeyEnv", "aura.claude.requestsPerMinute",
        "aura.claude.stream", "aura.claude.maxTokens", "aura.claude.temperature", "aura.claude.timeout",
        "aura.openai.baseUrl", "aura.openai.model", "aura.openai.apiKeyEnv", "aura.openai.maxTokens",
        "aura.openai.temperature", "aura.openai.timeout", "aura.openai.stream",
        "aura.provider.candidates", "aura.provider.maxRequestsPerSession", "aura.provider.maxTokensPerSession",
        "aura.replay.file",
    ]

    let entries: [String: Entry]

    public init(_ entries: [String: Entry]) {
        self.entries = Dictionary(entries.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
    }

    /// Reads the keys from git config (`git -c` overrides included).
    public init(_ config: GitConfig) {
        var entries: [String: Entry] = [:]
        for key in ProviderConfig.keys {
            if let value = config.value(key) { entries[key] = Entry(value.value, origin: value.origin.rawValue) }
        }
        self.init(entries)
    }

    public func entry(_ key: String) -> Entry? { entries[key.lowercased()] }
    public func string(_ key: String) -> String? { entry(key)?.value }

    /// A git boolean.
    public func bool(_ key: String) throws(ProviderSetupError) -> Bool? {
        guard let entry = entry(key) else { return nil }
        switch entry.value.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0", "": return false
        default: throw .invalidValue(key: key, value: entry.value, origin: entry.origin, allowed: "true or false")
        }
    }

    /// A whole number in `range`.
    public func int(_ key: String, in range: ClosedRange<Int>) throws(ProviderSetupError) -> Int? {
        guard let entry = entry(key) else { return nil }
        guard let number = Int(entry.value), range.contains(number) else {
            throw .invalidValue(key: key, value: entry.value, origin: entry.origin,
                                allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A number in `range`.
    public func double(_ key: String, in range: ClosedRange<Double>) throws(ProviderSetupError) -> Double? {
        guard let entry = entry(key) else { return nil }
        guard let number = Double(entry.value), range.contains(number) else {
            throw .invalidValue(key: key, value: entry.value, origin: entry.origin,
                                allowed: "a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An `http://` or `https://` URL.
    public func url(_ key: String) throws(ProviderSetupError) -> String? {
        guard let entry = entry(key) else { return nil }
        let lower = entry.value.lowercased()
        guard (lower.hasPrefix("http://") || lower.hasPrefix("https://")), entry.value.count > 8 else {
            throw .invalidValue(key: key, value: entry.value, origin: entry.origin, allowed: "an http:// or https:// URL")
        }
        return entry.value
    }

    /// An environment variable name.
    public func variableName(_ key: String) throws(ProviderSetupError) -> String? {
        guard let entry = entry(key) else { return nil }
        let valid = !entry.value.isEmpty && entry.value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            && !(entry.value.first!.isNumber)
        guard valid else {
            // Not echoed: a key pasted here by mistake must not reach the terminal.
            throw .invalidValue(key: key, value: "(hidden)", origin: entry.origin,
                                allowed: "the name of an environment variable, such as ANTHROPIC_API_KEY (never the key itself)")
        }
        return entry.value
    }
}
