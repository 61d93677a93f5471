/// A strict parser of the Prometheus text exposition format 0.0.4, enough to validate what
/// `git aura metrics` prints: HELP/TYPE before samples, one family per name, metric and label
/// names, quoted and escaped label values, numeric values (incl. NaN, +Inf), histograms.
struct PrometheusParser {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Family {
        var name: String
        var type: String
        var help: String
        var samples: [Sample] = []
    }

    struct ParseError: Error, CustomStringConvertible {
        let line: Int
        let message: String
        var description: String { "line \(line): \(message)" }
    }

    static let types: Set<String> = ["counter", "gauge", "histogram", "summary", "untyped"]

    static func parse(_ text: String) throws -> [String: Family] {
        var families: [String: Family] = [:]
        var helps: [String: String] = [:]
        var order: [String] = []
        guard text.hasSuffix("\n") else { throw ParseError(line: 0, message: "exposition must end with a line feed") }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let line = String(raw), number = index + 1
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                let name = String(rest.prefix { $0 != " " })
                guard isMetricName(name) else { throw ParseError(line: number, message: "bad metric name in HELP: \(name)") }
                guard helps[name] == nil else { throw ParseError(line: number, message: "second HELP for \(name)") }
                helps[name] = String(rest.dropFirst(name.count + 1))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ").map(String.init)
                guard parts.count == 2, isMetricName(parts[0]), types.contains(parts[1]) else {
                    throw ParseError(line: number, message: "bad TYPE line: \(line)")
                }
                guard families[parts[0]] == nil else { throw ParseError(line: number, message: "second TYPE for \(parts[0])") }
                guard let help = helps[parts[0]] else { throw ParseError(line: number, message: "TYPE without HELP for \(parts[0])") }
                families[parts[0]] = Family(name: parts[0], type: parts[1], help: help)
                order.append(parts[0])
            } else if line.hasPrefix("#") || line.isEmpty {
                continue
            } else {
                let sample = try parseSample(line, number)
                guard let family = order.last, belongs(sample.name, to: family, type: families[family]!.type) else {
                    throw ParseError(line: number, message: "sample \(sample.name) outside its family (after TYPE of \(order.last ?? "none"))")
                }
                families[family]!.samples.append(sample)
            }
        }
        for family in families.values where family.type == "histogram" { try checkHistogram(family) }
        return families
    }

    static func belongs(_ sample: String, to family: String, type: String) -> Bool {
        if sample == family { return type != "histogram" }
        guard type == "histogram" || type == "summary" else { return false }
        return ["_bucket", "_sum", "_count"].contains { sample == family + $0 }
    }

    static func parseSample(_ line: String, _ number: Int) throws -> Sample {
        let characters = Array(line)
        var index = 0
        func current() throws -> Character {
            guard index < characters.count else { throw ParseError(line: number, message: "line ends early: \(line)") }
            return characters[index]
        }
        while index < characters.count, characters[index] != "{", characters[index] != " " { index += 1 }
        let name = String(characters[..<index])
        guard isMetricName(name) else { throw ParseError(line: number, message: "bad metric name \(name)") }
        var labels: [String: String] = [:]
        if index < characters.count, characters[index] == "{" {
            index += 1
            while try current() != "}" {
                let start = index
                while try current() != "=" { index += 1 }
                let label = String(characters[start..<index])
                guard isLabelName(label), labels[label] == nil else { throw ParseError(line: number, message: "bad or repeated label \(label)") }
                index += 1
                guard try current() == "\"" else { throw ParseError(line: number, message: "label value must be quoted") }
                index += 1
                var value = ""
                while try current() != "\"" {
                    if try current() == "\\" {
                        index += 1
                        switch try current() {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw ParseError(line: number, message: "bad escape in label value")
                        }
                    } else {
                        value.append(try current())
                    }
                    index += 1
                }
                labels[label] = value
                index += 1
                if try current() == "," { index += 1 }
            }
            index += 1
        }
        guard index < characters.count, characters[index] == " " else { throw ParseError(line: number, message: "missing value") }
        let fields = String(characters[(index + 1)...]).split(separator: " ")
        guard fields.count == 1 || fields.count == 2, let value = parseValue(String(fields[0])) else {
            throw ParseError(line: number, message: "bad value in \(line)")
        }
        return Sample(name: name, labels: labels, value: value)
    }

    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }

    /// Buckets cumulative and non-decreasing in `le`, a `+Inf` bucket equal to `_count`, a `_sum`.
    static func checkHistogram(_ family: Family) throws {
        let buckets = family.samples.filter { $0.name == family.name + "_bucket" }
        let bounds = buckets.compactMap { $0.labels["le"].flatMap(parseValue) }
        guard bounds.count == buckets.count, bounds == bounds.sorted(), bounds.last == .infinity else {
            throw ParseError(line: 0, message: "\(family.name): buckets must have increasing le ending in +Inf")
        }
        let counts = buckets.map(\.value)
        guard counts == counts.sorted() else { throw ParseError(line: 0, message: "\(family.name): buckets not cumulative") }
        guard let count = family.samples.first(where: { $0.name == family.name + "_count" }), count.value == counts.last,
              family.samples.contains(where: { $0.name == family.name + "_sum" }) else {
            throw ParseError(line: 0, message: "\(family.name): _count must equal the +Inf bucket, and _sum must exist")
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == ":" || isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || isLetter($0) || ("0"..."9").contains($0) }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isLetter(first), !name.hasPrefix("__") else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
}
