/// Titles and long explanations of every diagnostic code.
///
/// The text comes from docs/errors/CODE.md, compiled into `ExplanationTable.swift` by
/// scripts/gen-error-docs.py so the `aura` binary is self-contained; a test keeps the two in sync.
public enum CodeRegistry {
    public struct Entry: Sendable {
        public let code: DiagnosticCode
        public let title: String
        /// The whole Markdown page, as `aura explain` prints it.
        public let explanation: String
    }

    /// Looks up a code, case-insensitively (`e0201` works too).
    public static func entry(for code: String) -> Entry? {
        let key = code.uppercased()
        guard let page = ExplanationTable.pages[key] else { return nil }
        return Entry(code: DiagnosticCode(key), title: page.title, explanation: page.text)
    }

    /// Every known code, sorted.
    public static var allCodes: [DiagnosticCode] {
        ExplanationTable.pages.keys.sorted().map { DiagnosticCode($0) }
    }

    public static func title(of code: DiagnosticCode) -> String? { ExplanationTable.pages[code.rawValue]?.title }
}
