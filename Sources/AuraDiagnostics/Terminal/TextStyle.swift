#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When to colour terminal output: `--color=auto|always|never`.
public enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never

    /// Whether to emit ANSI colour on the given file descriptor.
    /// `auto` colours only a terminal, and `NO_COLOR` (any non-empty value) turns it off.
    public func enabled(fileDescriptor: Int32 = 1, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(fileDescriptor) != 0
        }
    }
}

/// A small ANSI painter. With `enabled == false` every method returns its input unchanged,
/// so renderers write one code path for coloured and plain output.
public struct TextStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = TextStyle(enabled: false)

    public enum Color: Int, Sendable {
        case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
    }

    public func color(_ text: String, _ color: Color, bold: Bool = false) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(bold ? "1;" : "")\(color.rawValue)m\(text)\u{1B}[0m"
    }

    public func bold(_ text: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[1m\(text)\u{1B}[0m"
    }

    public func dim(_ text: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[2m\(text)\u{1B}[0m"
    }
}
