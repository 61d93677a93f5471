/// A provider that cannot be set up: a bad configuration value, a missing key, an unreadable
/// replay file. `git aura` exits with 78 (configuration) for all of them.
public enum ProviderSetupError: Error, Equatable, CustomStringConvertible {
    /// `key` has `value` (from `origin`), which is not one of `allowed`.
    case invalidValue(key: String, value: String, origin: String, allowed: String)
    /// The environment variable `variable` (named by config `key`) holds no API key.
    case missingKey(variable: String, key: String)
    /// The replay file could not be read or parsed.
    case replayFile(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidValue(key, value, origin, allowed):
            let place = origin == "--provider" ? "given with --provider" : "set in \(origin) config"
            return "invalid value `\(value)` for \(key) (\(place)); allowed: \(allowed)"
        case let .missingKey(variable, key):
            return "the environment variable \(variable) is not set: it must hold the API key (\(key) names the variable)"
        case let .replayFile(path, reason):
            return "cannot use the replay file `\(path)` (aura.replay.file): \(reason)"
        }
    }
}
