/// "Did you mean" candidates by edit distance.
public enum Suggestions {
    /// Damerau–Levenshtein (optimal string alignment) distance, capped for speed.
    public static func distance(_ a: String, _ b: String, limit: Int = 3) -> Int {
        // Before allocating: most candidates differ in length by more than the limit.
        if abs(a.utf8.count - b.utf8.count) > limit { return limit + 1 }
        let x = Array(a.utf8), y = Array(b.utf8)
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...max(1, x.count) where !x.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in 1...max(1, y.count) where !y.isEmpty {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMin = min(rowMin, value)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return x.isEmpty ? y.count : y.isEmpty ? x.count : previous[y.count]
    }

    /// Largest distance accepted for a name of this length.
    static func threshold(_ name: String) -> Int { name.count <= 3 ? 1 : 2 }

    /// The single closest candidate, or nil when none is close or two are equally close.
    public static func closest(_ name: String, among candidates: [String]) -> String? {
        let ranked = ranked(name, among: candidates.map { ($0, nil) }, arity: nil)
        return ranked.count == 1 ? ranked[0] : nil
    }

    /// Candidates at the smallest distance (ties kept, so callers can see ambiguity). When the
    /// name is called with `arity` arguments, functions of that arity win over others.
    public static func ranked(_ name: String, among candidates: [(String, Int?)], arity: Int?) -> [String] {
        let limit = threshold(name)
        var best = limit + 1
        var found: [(String, Int?)] = []
        var seen = Set<String>()
        // Duplicates are dropped among the close candidates only: hashing every name in
        // scope for each unknown name cost more than the distances.
        for (candidate, candidateArity) in candidates where candidate != name {
            let d = distance(name, candidate, limit: limit)
            if d > limit { continue }
            if d < best {
                best = d
                found = [(candidate, candidateArity)]
                seen = [candidate]
            } else if d == best, seen.insert(candidate).inserted {
                found.append((candidate, candidateArity))
            }
        }
        if let arity, found.count > 1 {
            let fitting = found.filter { $0.1 == arity }
            if !fitting.isEmpty { found = fitting }
        }
        return found.map(\.0).sorted()
    }
}
