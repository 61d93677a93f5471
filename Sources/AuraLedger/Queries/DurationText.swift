import Foundation

/// Durations as people write them in git config and on the command line: `90s`, `30m`, `1h`,
/// `2d`, `1w` (a bare number is seconds).
public enum DurationText {
    /// What `parse` accepts, for error messages.
    public static let allowed = "a duration like 30m, 1h or 2d (units s, m, h, d, w)"

    /// Seconds, or nil when `text` is not a positive duration.
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last else { return nil }
        let multiplier: Double
        var digits = Substring(trimmed)
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3600
        case "d": multiplier = 86_400
        case "w": multiplier = 604_800
        case "0"..."9": multiplier = 1; digits = Substring(trimmed + "_")
        default: return nil
        }
        digits = digits.dropLast()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let value = Double(digits), value > 0 else { return nil }
        return value * multiplier
    }

    /// The largest whole unit: 3600 → `1h`, 5400 → `90m`, 45 → `45s`.
    public static func format(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60)] where whole >= size && whole % size == 0 {
            return "\(whole / size)\(unit)"
        }
        return "\(whole)s"
    }
}
