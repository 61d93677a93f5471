import CGit2

/// Where a configuration value came from, highest precedence first.
public enum ConfigOrigin: String, Sendable, Codable {
    /// `git -c key=value` (GIT_CONFIG_PARAMETERS / GIT_CONFIG_COUNT).
    case commandLine
    /// `.git/config.worktree` (libgit2 reports it at the app level).
    case worktree
    /// `.git/config`.
    case local
    /// `~/.gitconfig`.
    case global
    /// `$XDG_CONFIG_HOME/git/config`.
    case xdg
    /// `/etc/gitconfig`.
    case system
    /// A level libgit2 knows and git does not (ProgramData on Windows).
    case other
}

/// One effective configuration value and the file (or flag) it came from.
public struct ConfigValue: Equatable, Sendable {
    public let value: String
    public let origin: ConfigOrigin
}

/// A read-only view of the repository's configuration with git's precedence:
/// `git -c` overrides, then local, global, XDG and system files.
///
/// Reads go to `git_repository_config_snapshot` (getters on a live config can fail when a
/// file changes underneath); the snapshot handle is freed in `deinit`.
public final class GitConfig {
    private let snapshot: OpaquePointer
    private let overrides: ConfigOverrides

    /// - Parameter environment: where `git -c` overrides are read from (normally the process environment).
    public init(repository: Repository, environment: [String: String]) throws {
        var handle: OpaquePointer?
        try LibGit2.check(git_repository_config_snapshot(&handle, repository.pointer), "git_repository_config_snapshot")
        snapshot = handle!
        overrides = ConfigOverrides(environment: environment)
    }

    deinit { git_config_free(snapshot) }

    /// The effective value of `key` (e.g. `aura.policy`) and its origin, or nil when unset.
    public func value(_ key: String) -> ConfigValue? {
        if let override = overrides.value(for: key) { return ConfigValue(value: override, origin: .commandLine) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        guard git_config_get_entry(&entry, snapshot, key) == 0, let found = entry else { return nil }
        defer { git_config_entry_free(found) }
        let text = found.pointee.value.map { String(cString: $0) } ?? "true"
        return ConfigValue(value: text, origin: Self.origin(of: found.pointee.level))
    }

    /// The effective string value of `key`.
    public func string(_ key: String) -> String? { value(key)?.value }

    /// `key` as a git boolean (yes/on/true/1, no/off/false/0/empty); throws on anything else.
    public func bool(_ key: String) throws -> Bool? {
        guard let text = value(key)?.value else { return nil }
        var result: Int32 = 0
        guard git_config_parse_bool(&result, text) == 0 else {
            throw GitError.invalidConfigValue(key: key, value: text, expected: "a boolean (true/false)")
        }
        return result != 0
    }

    /// `key` as a git integer (optional k/m/g suffix); throws on anything else.
    public func int(_ key: String) throws -> Int? {
        guard let text = value(key)?.value else { return nil }
        var result: Int64 = 0
        guard git_config_parse_int64(&result, text) == 0 else {
            throw GitError.invalidConfigValue(key: key, value: text, expected: "an integer")
        }
        return Int(result)
    }

    /// Every effective `key → value` whose key matches the regular expression `pattern`
    /// (e.g. `"^aura\\."`), one entry per key with the highest-precedence value.
    public func values(matching pattern: String) throws -> [String: ConfigValue] {
        var result: [String: ConfigValue] = [:]
        var ranks: [String: Int32] = [:]
        var iterator: OpaquePointer?
        try LibGit2.check(git_config_iterator_glob_new(&iterator, snapshot, pattern), "git_config_iterator_glob_new")
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let found = entry {
            let key = String(cString: found.pointee.name)
            let level = found.pointee.level.rawValue
            // Entries come in file order; a later entry of the same level also wins (git semantics).
            if let rank = ranks[key], rank > level { continue }
            ranks[key] = level
            let text = found.pointee.value.map { String(cString: $0) } ?? "true"
            result[key] = ConfigValue(value: text, origin: Self.origin(of: found.pointee.level))
        }
        let regex = try? Regex(pattern)
        for (key, value) in overrides.entries where regex.map({ key.contains($0) }) ?? false {
            result[key] = ConfigValue(value: value, origin: .commandLine)
        }
        return result
    }

    private static func origin(of level: git_config_level_t) -> ConfigOrigin {
        switch level {
        case GIT_CONFIG_LEVEL_APP: return .worktree
        case GIT_CONFIG_LEVEL_LOCAL: return .local
        case GIT_CONFIG_LEVEL_GLOBAL: return .global
        case GIT_CONFIG_LEVEL_XDG: return .xdg
        case GIT_CONFIG_LEVEL_SYSTEM: return .system
        default: return .other
        }
    }
}
