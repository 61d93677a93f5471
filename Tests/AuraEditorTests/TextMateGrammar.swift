import Foundation

/// Enough of a TextMate tokenizer to check editors/vscode/syntaxes/aura.tmLanguage.json the way
/// VS Code reads it: `match` rules with `captures`, `begin`/`end` rules with `name`,
/// `contentName`, `beginCaptures`/`endCaptures` and nested `patterns`, `include` of `#name`
/// and `$self`. At each position the earliest match wins, ties going to the current rule's
/// `end` and then to the earlier pattern, as in vscode-textmate. Regexes run on ICU
/// (NSRegularExpression), which shares the Oniguruma syntax the grammar uses.
struct TextMateGrammar {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One rule of the grammar, regexes compiled.
    final class Rule {
        var name: String?
        var contentName: String?
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var captures: [Int: String] = [:]
        var beginCaptures: [Int: String] = [:]
        var endCaptures: [Int: String] = [:]
        var patterns: [Rule] = []
        /// An unresolved `include`, replaced by its target's patterns when flattened.
        var include: String?
    }

    let root: Rule
    let repository: [String: Rule]
    /// Every regex source the grammar holds, with where it is.
    private(set) var regexSources: [(location: String, source: String)] = []

    init(json: [String: Any]) throws {
        var sources: [(String, String)] = []
        func parse(_ object: [String: Any], at location: String) throws -> Rule {
            let rule = Rule()
            rule.name = object["name"] as? String
            rule.contentName = object["contentName"] as? String
            rule.include = object["include"] as? String
            for key in ["match", "begin", "end"] {
                guard let source = object[key] as? String else { continue }
                sources.append((location + "." + key, source))
                let regex: NSRegularExpression
                do { regex = try NSRegularExpression(pattern: source) } catch {
                    throw Failure(description: "\(location).\(key): the regex `\(source)` does not compile: \(error)")
                }
                switch key {
                case "match": rule.match = regex
                case "begin": rule.begin = regex
                default: rule.end = regex
                }
            }
            rule.captures = try Self.captures(object["captures"], at: location)
            rule.beginCaptures = try Self.captures(object["beginCaptures"], at: location)
            rule.endCaptures = try Self.captures(object["endCaptures"], at: location)
            let children = object["patterns"] as? [[String: Any]] ?? []
            rule.patterns = try children.enumerated().map { try parse($1, at: "\(location).patterns[\($0)]") }
            return rule
        }
        root = try parse(json, at: "grammar")
        var repository: [String: Rule] = [:]
        for (key, value) in json["repository"] as? [String: [String: Any]] ?? [:] {
            repository[key] = try parse(value, at: "repository.\(key)")
        }
        self.repository = repository
        regexSources = sources.map { (location: $0.0, source: $0.1) }
        try checkIncludes(root)
        for rule in repository.values { try checkIncludes(rule) }
    }

    private static func captures(_ value: Any?, at location: String) throws -> [Int: String] {
        var result: [Int: String] = [:]
        for (key, capture) in value as? [String: [String: Any]] ?? [:] {
            guard let index = Int(key) else { throw Failure(description: "\(location): capture key `\(key)` is not a number") }
            result[index] = capture["name"] as? String
        }
        return result
    }

    private func checkIncludes(_ rule: Rule) throws {
        if let include = rule.include, include != "$self", repository[String(include.dropFirst())] == nil || !include.hasPrefix("#") {
            throw Failure(description: "include `\(include)` names no rule of the repository")
        }
        for child in rule.patterns { try checkIncludes(child) }
    }

    /// The match, begin/end rules a rule's patterns stand for, includes resolved.
    private func flattened(_ patterns: [Rule], seen: Set<String> = []) -> [Rule] {
        patterns.flatMap { rule -> [Rule] in
            guard let include = rule.include else {
                return rule.match == nil && rule.begin == nil ? flattened(rule.patterns, seen: seen) : [rule]
            }
            if seen.contains(include) { return [] }
            let target = include == "$self" ? root : repository[String(include.dropFirst())]!
            return target.match == nil && target.begin == nil
                ? flattened(target.patterns, seen: seen.union([include]))
                : [target]
        }
    }

    /// The scopes of every character of `text`, line by line (UTF-16 units of each line).
    func tokenize(_ text: String) -> [[[String]]] {
        var stack: [Rule] = []
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            tokenizeLine(String(line), stack: &stack)
        }
    }

    private func scopes(of stack: [Rule], inner: Bool = true) -> [String] {
        var result = [root.name ?? "source"].compactMap { $0 }
        for (index, rule) in stack.enumerated() {
            if let name = rule.name { result.append(name) }
            if let content = rule.contentName, inner || index < stack.count - 1 { result.append(content) }
        }
        return result
    }

    private func tokenizeLine(_ line: String, stack: inout [Rule]) -> [[String]] {
        // Lines are matched with their newline, as vscode-textmate does, so `$` finds the end.
        let text = (line + "\n") as NSString
        let length = (line as NSString).length
        var result = [[String]](repeating: [], count: length)
        var position = 0
        var lastZeroWidthPush = -1
        while position <= length {
            let current = stack.last
            var candidates: [(rule: Rule?, regex: NSRegularExpression)] = []
            if let current, let end = current.end { candidates.append((nil, end)) }
            for rule in flattened(current?.patterns ?? root.patterns) {
                if let regex = rule.match ?? rule.begin { candidates.append((rule, regex)) }
            }
            let range = NSRange(location: position, length: text.length - position)
            var best: (rule: Rule?, match: NSTextCheckingResult)?
            for candidate in candidates {
                guard let found = candidate.regex.firstMatch(in: text as String, options: [.withTransparentBounds, .withoutAnchoringBounds], range: range) else { continue }
                if best == nil || found.range.location < best!.match.range.location { best = (candidate.rule, found) }
            }
            guard let (rule, match) = best, match.range.location < length || (match.range.length == 0 && match.range.location == length && rule == nil) else {
                for index in position..<length { result[index] = scopes(of: stack) }
                break
            }
            for index in position..<match.range.location { result[index] = scopes(of: stack) }
            let end = min(match.range.location + match.range.length, length)
            if let rule {
                if rule.begin != nil {
                    if match.range.length == 0 && lastZeroWidthPush == position { break }
                    if match.range.length == 0 { lastZeroWidthPush = position }
                    stack.append(rule)
                    paint(&result, match, up: end, base: scopes(of: stack, inner: false), captures: rule.beginCaptures.merging(rule.captures) { a, _ in a })
                } else {
                    paint(&result, match, up: end, base: scopes(of: stack) + [rule.name].compactMap { $0 }, captures: rule.captures)
                }
            } else if let closing = stack.last {
                paint(&result, match, up: end, base: scopes(of: stack, inner: false), captures: closing.endCaptures.merging(closing.captures) { a, _ in a })
                stack.removeLast()
            }
            if match.range.length == 0 && rule?.begin == nil {
                if position < length { result[position] = scopes(of: stack) }
                position += 1
            } else {
                position = end
            }
        }
        return result
    }

    private func paint(_ result: inout [[String]], _ match: NSTextCheckingResult, up end: Int, base: [String], captures: [Int: String]) {
        for index in match.range.location..<max(match.range.location, end) { result[index] = base }
        for (group, name) in captures.sorted(by: { $0.key < $1.key }) where group < match.numberOfRanges {
            let range = match.range(at: group)
            guard range.location != NSNotFound else { continue }
            for index in range.location..<min(range.location + range.length, end) { result[index].append(name) }
        }
    }
}
