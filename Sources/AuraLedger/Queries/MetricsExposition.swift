import Foundation

/// The ledger as Prometheus text exposition format 0.0.4 (`git aura metrics`), for a textfile
/// collector, a scrape, or a pushgateway (`--push`). Counters are totals over the whole ledger.
/// Names follow Prometheus' conventions: `aura_` prefix, `_total` counters, `_seconds` histograms.
public enum MetricsExposition {
    /// Upper bounds (seconds) of the `aura_healing_duration_seconds` buckets.
    public static let durationBuckets: [Double] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    /// Renders every AURA metric with HELP and TYPE lines.
    /// - Parameter breakerOpen: the breaker's current state, evaluated with the repository's policy.
    public static func render(_ ledger: Ledger, breakerOpen: Bool) throws -> String {
        let attempts = try ledger.attempts()
        let sessions = try ledger.sessions()
        let rollbacks = try ledger.operations().filter { $0.kind == .undo && ($0.entryID?.hasPrefix("h-") ?? false) }.count
        var out = ""

        family(&out, "aura_healing_attempts_total", "counter", "Problems AURA tried to heal, by outcome, risk class and provider.")
        var counts: [[String]: Int] = [:]
        for attempt in attempts { counts[[attempt.outcome, attempt.risk ?? "none", attempt.provider ?? "none"], default: 0] += 1 }
        for (labels, count) in counts.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            sample(&out, "aura_healing_attempts_total", [("outcome", labels[0]), ("risk", labels[1]), ("provider", labels[2])], Double(count))
        }

        let usage = Ledger.usage(attempts)
        family(&out, "aura_model_requests_total", "counter", "Model requests (retries included), by provider.")
        for entry in usage { sample(&out, "aura_model_requests_total", [("provider", entry.provider)], Double(entry.requests)) }
        family(&out, "aura_model_tokens_total", "counter", "Model tokens, by provider and direction (input = prompt, output = answer).")
        for entry in usage {
            sample(&out, "aura_model_tokens_total", [("provider", entry.provider), ("direction", "input")], Double(entry.tokensIn))
            sample(&out, "aura_model_tokens_total", [("provider", entry.provider), ("direction", "output")], Double(entry.tokensOut))
        }
        family(&out, "aura_model_cost_dollars_total", "counter", "Estimated model cost in US dollars at list price, by provider (known models only).")
        for entry in usage {
            if let cost = entry.estimatedCost { sample(&out, "aura_model_cost_dollars_total", [("provider", entry.provider)], cost) }
        }

        family(&out, "aura_healing_duration_seconds", "histogram", "Wall time of heal sessions that committed a heal.")
        let durations = sessions.filter { $0.healID != nil && !$0.dryRun }.compactMap(\.duration)
        for bound in durationBuckets {
            sample(&out, "aura_healing_duration_seconds_bucket", [("le", number(bound))], Double(durations.filter { $0 <= bound }.count))
        }
        sample(&out, "aura_healing_duration_seconds_bucket", [("le", "+Inf")], Double(durations.count))
        sample(&out, "aura_healing_duration_seconds_sum", [], durations.reduce(0, +))
        sample(&out, "aura_healing_duration_seconds_count", [], Double(durations.count))

        family(&out, "aura_healing_success_ratio", "gauge", "Verified fixes / fixes tried (applied or rejected); NaN before the first.")
        let applied = attempts.filter { $0.outcome == "applied" }.count
        let rejected = attempts.filter { $0.outcome == "rejected" }.count
        sample(&out, "aura_healing_success_ratio", [], applied + rejected == 0 ? .nan : Double(applied) / Double(applied + rejected))

        family(&out, "aura_rollbacks_total", "counter", "Heals taken back with git aura undo.")
        sample(&out, "aura_rollbacks_total", [], Double(rollbacks))

        family(&out, "aura_circuit_breaker_trips_total", "counter", "Times the circuit breaker opened.")
        sample(&out, "aura_circuit_breaker_trips_total", [], Double(try ledger.breakerTrips()))

        // One gauge per state (Prometheus' convention for an enum): exactly one of them is 1.
        family(&out, "aura_circuit_breaker_state", "gauge", "1 for the circuit breaker's current state (open: healing stopped).")
        sample(&out, "aura_circuit_breaker_state", [("state", "closed")], breakerOpen ? 0 : 1)
        sample(&out, "aura_circuit_breaker_state", [("state", "open")], breakerOpen ? 1 : 0)

        family(&out, "aura_healable_issues", "gauge", "Problems with a verified fix not yet applied, as of the latest session.")
        let latest = sessions.last(where: { $0.healable != nil })
        sample(&out, "aura_healable_issues", [], Double(latest?.healable ?? 0))
        return out
    }

    static func family(_ out: inout String, _ name: String, _ type: String, _ help: String) {
        out += "# HELP \(name) \(help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n"))\n"
        out += "# TYPE \(name) \(type)\n"
    }

    static func sample(_ out: inout String, _ name: String, _ labels: [(String, String)], _ value: Double) {
        out += name
        if !labels.isEmpty {
            out += "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        out += " " + number(value) + "\n"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Integers without a fraction; NaN and infinities as Prometheus spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
