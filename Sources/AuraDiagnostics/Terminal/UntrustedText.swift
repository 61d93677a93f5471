/// Text that came from repository code or a model (program output, runtime and assertion
/// messages, a model's explanation) made safe to show and store: control characters that a
/// terminal would act on become visible escapes, and the size is capped, so such text can
/// neither clear a screen, fake a prompt, nor fill a terminal, a ledger row or a model prompt.
public enum UntrustedText {
    /// Default cap for one message (bytes of UTF-8).
    public static let defaultLimit = 2048

    /// `text` with C0/C1 controls (except newline and tab), DEL and the bidirectional overrides
    /// written as `\u{1B}`-style escapes, cut to `limit` bytes with a note of what was left out.
    public static func clean(_ text: String, limit: Int = defaultLimit) -> String {
        let total = text.utf8.count
        var out = ""
        var written = 0, consumed = 0
        for scalar in text.unicodeScalars {
            let piece = isDangerous(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
            let size = piece.utf8.count
            if written + size > limit { return out + "… (\(total - consumed) more bytes)" }
            out += piece
            written += size
            consumed += UTF8.width(scalar)
        }
        return out
    }

    /// Characters a terminal interprets: C0 controls but `\n` and `\t`, DEL, C1 controls, and
    /// the bidirectional embedding/override/isolate marks (they reorder what is displayed).
    public static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
