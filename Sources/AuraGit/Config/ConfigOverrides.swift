/// `git -c key=value` overrides, which git passes to subcommands (and to `git aura`)
/// through the environment. libgit2 1.5 ignores them, so AuraGit parses them itself.
///
/// Two encodings exist: `GIT_CONFIG_PARAMETERS` (space-separated, single-quoted
/// `'key'='value'` since git 2.31, `'key=value'` before; a bare `'key'` means true) and
/// `GIT_CONFIG_COUNT` with `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>` (`git --config-env`).
struct ConfigOverrides: Equatable {
    /// Normalised key → values in the order given; the last one wins for single-valued reads.
    private(set) var entries: [(key: String, value: String)] = []

    static func == (lhs: ConfigOverrides, rhs: ConfigOverrides) -> Bool {
        lhs.entries.map(\.key) == rhs.entries.map(\.key) && lhs.entries.map(\.value) == rhs.entries.map(\.value)
    }

    init(environment: [String: String]) {
        if let parameters = environment["GIT_CONFIG_PARAMETERS"] {
            for (key, value) in Self.parseParameters(parameters) { entries.append((Self.normalize(key), value)) }
        }
        if let count = environment["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 {
            for index in 0..<count {
                guard let key = environment["GIT_CONFIG_KEY_\(index)"] else { continue }
                entries.append((Self.normalize(key), environment["GIT_CONFIG_VALUE_\(index)"] ?? ""))
            }
        }
    }

    /// The last value given for `key`, if any.
    func value(for key: String) -> String? {
        let key = Self.normalize(key)
        return entries.last(where: { $0.key == key })?.value
    }

    /// Section and variable names are case-insensitive, a subsection (the middle part) is not.
    static func normalize(_ key: String) -> String {
        guard let first = key.firstIndex(of: "."), let last = key.lastIndex(of: ".") else { return key.lowercased() }
        let section = key[..<first].lowercased()
        let variable = key[key.index(after: last)...].lowercased()
        if first == last { return section + "." + variable }
        return section + String(key[first..<last]) + "." + variable
    }

    /// Splits git's shell-quoted list into (key, value) pairs.
    static func parseParameters(_ text: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var chars = Array(text)[...]
        var current = ""
        var key: String?
        var quotedValue = false
        func finish() {
            if let pendingKey = key {
                // `'key'=` with nothing after it is git's encoding of a bare `-c key` (true);
                // `'key'=''` is an empty string.
                pairs.append((pendingKey, current.isEmpty && !quotedValue ? "true" : current))
            } else if !current.isEmpty {
                // Old format 'key=value' or a bare 'key' (boolean true).
                if let equals = current.firstIndex(of: "=") {
                    pairs.append((String(current[..<equals]), String(current[current.index(after: equals)...])))
                } else {
                    pairs.append((current, "true"))
                }
            }
            current = ""
            key = nil
            quotedValue = false
        }
        while let char = chars.popFirst() {
            switch char {
            case "'":
                if key != nil { quotedValue = true }
                while let inner = chars.popFirst(), inner != "'" { current.append(inner) }
            case "\\":
                if let escaped = chars.popFirst() { current.append(escaped) }
            case "=" where key == nil:
                key = current
                current = ""
            case " ", "\t", "\n":
                if key != nil || !current.isEmpty { finish() }
            default:
                current.append(char)
            }
        }
        if key != nil || !current.isEmpty { finish() }
        return pairs
    }
}
