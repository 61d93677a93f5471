/// Removes known secrets (the configured API keys) from text, including partial quotes: any run
/// of at least `minimumRun` bytes that also occurs in a secret is masked, so a server or model
/// that echoes half a key, or a key split across lines, still shows nothing of it.
public struct SecretScrubber: Sendable {
    /// The replacement text.
    public static let mask = "[redacted]"
    /// Shortest run of a secret that is masked; also the shortest secret taken (short values
    /// would mask ordinary words, and real keys are long).
    public static let minimumRun = 8

    /// Every 8-byte window of every secret, packed into a `UInt64`.
    private let windows: Set<UInt64>

    public init(secrets: [String]) {
        var windows = Set<UInt64>()
        for secret in secrets {
            let bytes = Array(secret.utf8)
            guard bytes.count >= Self.minimumRun else { continue }
            for start in 0...(bytes.count - Self.minimumRun) { windows.insert(Self.pack(bytes, start)) }
        }
        self.windows = windows
    }

    public var isEmpty: Bool { windows.isEmpty }

    /// Whether `text` contains a secret or a run of one.
    public func containsSecret(_ text: String) -> Bool { !maskedRanges(Array(text.utf8)).isEmpty }

    /// `text` with every run of a secret replaced by the mask.
    public func callAsFunction(_ text: String) -> String {
        guard !windows.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let ranges = maskedRanges(bytes)
        guard !ranges.isEmpty else { return text }
        var out: [UInt8] = []
        var position = 0
        for range in ranges {
            out += bytes[position..<range.lowerBound]
            out += Self.mask.utf8
            position = range.upperBound
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Merged byte ranges covered by secret windows, in order. Linear in the text.
    private func maskedRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        guard !windows.isEmpty, bytes.count >= Self.minimumRun else { return [] }
        var ranges: [Range<Int>] = []
        for start in 0...(bytes.count - Self.minimumRun) where windows.contains(Self.pack(bytes, start)) {
            let end = start + Self.minimumRun
            if let last = ranges.last, last.upperBound >= start {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }

    private static func pack(_ bytes: [UInt8], _ start: Int) -> UInt64 {
        var value: UInt64 = 0
        for offset in 0..<minimumRun { value = value << 8 | UInt64(bytes[start + offset]) }
        return value
    }
}
