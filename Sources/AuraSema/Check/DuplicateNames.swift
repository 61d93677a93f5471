import AuraDiagnostics
import AuraSyntax

/// Finds a name declared twice in one list (parameters, fields) without a dictionary per list:
/// a short list is scanned (a `[Symbol: Span]` for every function's parameters was 7% of
/// `aura check`), a long one is hashed so a pathological list stays linear.
struct DuplicateNames {
    /// Lists longer than this are hashed.
    static let scanLimit = 16
    private var seen: [Symbol: Span] = [:]
    private let hashed: Bool

    init(count: Int) {
        hashed = count > DuplicateNames.scanLimit
        if hashed { seen.reserveCapacity(count) }
    }

    /// The span of the latest earlier item named `name` (`earlier` holds the items before this
    /// one, in order), and records this item.
    mutating func earlier<Items: Sequence>(_ name: Symbol, _ span: Span, among earlier: Items) -> Span?
        where Items.Element == (Symbol, Span) {
        if hashed { return seen.updateValue(span, forKey: name) }
        var found: Span?
        for (other, otherSpan) in earlier where other == name { found = otherSpan }
        return found
    }
}
