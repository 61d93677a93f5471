import AuraLedger
import Foundation
import XCTest

/// `git aura metrics` output checked by a parser of the Prometheus text format.
final class MetricsTests: XCTestCase {
    func testSeededExpositionParsesWithExactValues() throws {
        let directory = try TemporaryDirectory()
        let ledger = try Ledger.open(at: directory.path + "/ledger.sqlite")
        try SeededLedger.seed(ledger)
        // A label value that needs escaping.
        try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0301", path: "x", line: 1, provider: "we\"ird\\\nname",
                                               rule: "x/y", risk: "high", decision: "apply", outcome: "declined", at: 4500))
        let text = try MetricsExposition.render(ledger, breakerOpen: false)
        let families = try PrometheusParser.parse(text)
        XCTAssertEqual(Set(families.keys), ["aura_healing_attempts_total", "aura_healing_duration_seconds", "aura_healing_success_ratio", "aura_rollbacks_total",
                                            "aura_circuit_breaker_trips_total", "aura_circuit_breaker_state", "aura_healable_issues",
                                            "aura_model_requests_total", "aura_model_tokens_total", "aura_model_cost_dollars_total"])
        XCTAssertEqual(families["aura_model_requests_total"]?.samples.count, 0, "the seeded ledger asked no model")
        XCTAssertEqual(families["aura_healing_attempts_total"]?.type, "counter")
        XCTAssertEqual(families["aura_healing_duration_seconds"]?.type, "histogram")
        func value(_ family: String, _ name: String? = nil, _ labels: [String: String] = [:]) -> Double? {
            families[family]?.samples.first { $0.name == (name ?? family) && $0.labels == labels }?.value
        }
        XCTAssertEqual(value("aura_healing_attempts_total", nil, ["outcome": "applied", "risk": "safe", "provider": "rules"]), 3)
        XCTAssertEqual(value("aura_healing_attempts_total", nil, ["outcome": "rejected", "risk": "low", "provider": "rules"]), 2)
        XCTAssertEqual(value("aura_healing_attempts_total", nil, ["outcome": "noFix", "risk": "none", "provider": "none"]), 2)
        XCTAssertEqual(value("aura_healing_attempts_total", nil, ["outcome": "declined", "risk": "high", "provider": "we\"ird\\\nname"]), 1)
        XCTAssertEqual(families["aura_healing_attempts_total"]?.samples.map(\.value).reduce(0, +), 11)
        XCTAssertEqual(value("aura_healing_duration_seconds", "aura_healing_duration_seconds_bucket", ["le": "1"]), 0)
        XCTAssertEqual(value("aura_healing_duration_seconds", "aura_healing_duration_seconds_bucket", ["le": "2.5"]), 1)
        XCTAssertEqual(value("aura_healing_duration_seconds", "aura_healing_duration_seconds_bucket", ["le": "5"]), 2)
        XCTAssertEqual(value("aura_healing_duration_seconds", "aura_healing_duration_seconds_bucket", ["le": "+Inf"]), 3)
        XCTAssertEqual(value("aura_healing_duration_seconds", "aura_healing_duration_seconds_sum"), 16)
        XCTAssertEqual(value("aura_healing_success_ratio"), 4.0 / 7.0)
        XCTAssertEqual(value("aura_rollbacks_total"), 1)
        XCTAssertEqual(value("aura_circuit_breaker_trips_total"), 0)
        XCTAssertEqual(value("aura_healable_issues"), 2, "from the newest session that counted")
    }

    func testEmptyLedgerIsValidWithNaNRatio() throws {
        let directory = try TemporaryDirectory()
        let families = try PrometheusParser.parse(try MetricsExposition.render(try Ledger.open(at: directory.path + "/l.sqlite"), breakerOpen: true))
        XCTAssertTrue(families["aura_healing_success_ratio"]?.samples.first?.value.isNaN ?? false)
        XCTAssertEqual(families["aura_healing_attempts_total"]?.samples.count, 0)
        let states = families["aura_circuit_breaker_state"]?.samples ?? []
        XCTAssertEqual(states.first { $0.labels["state"] == "open" }?.value, 1)
        XCTAssertEqual(states.first { $0.labels["state"] == "closed" }?.value, 0)
    }

    func testParserRejectsMalformedExposition() {
        for bad in [
            "healing_x 1\n",                                                       // no TYPE/HELP
            "# HELP a b\n# TYPE a counter\na{x=\"1} 1\n",                          // unterminated label
            "# HELP a b\n# TYPE a counter\na 1",                                   // no final newline
            "# HELP a b\n# TYPE a counter\nb 1\n",                                 // sample of another family
            "# HELP h b\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", // not cumulative
            "# HELP a b\n# TYPE a counter\na one\n",                               // bad value
        ] {
            XCTAssertThrowsError(try PrometheusParser.parse(bad), bad)
        }
    }

    func testMetricsCommandAfterARealHeal() throws {
        let repo = try LedgerTestRepository()
        XCTAssertEqual(try repo.aura(["heal", "--yes"]).status, 0)
        let result = try repo.aura(["metrics"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let families = try PrometheusParser.parse(result.stdout)
        XCTAssertEqual(families["aura_healing_attempts_total"]?.samples.filter { $0.labels["outcome"] == "applied" }.map(\.value).reduce(0, +), 2)
        XCTAssertEqual(families["aura_healing_duration_seconds"]?.samples.first { $0.name == "aura_healing_duration_seconds_count" }?.value, 1)
        XCTAssertEqual(families["aura_healing_success_ratio"]?.samples.first?.value, 1)
    }

    func testGrafanaDashboardQueriesOnlyMetricsAuraExports() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/grafana-dashboard.json")
        let dashboard = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let panels = try XCTUnwrap(dashboard["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        XCTAssertGreaterThanOrEqual(expressions.count, 8)
        let directory = try TemporaryDirectory()
        let exported = Set(try PrometheusParser.parse(try MetricsExposition.render(try Ledger.open(at: directory.path + "/l.sqlite"), breakerOpen: false))
            .values.flatMap { family in [family.name, family.name + "_bucket", family.name + "_sum", family.name + "_count"] })
        let functions: Set<String> = ["sum", "by", "increase", "rate", "max", "histogram_quantile", "le", "outcome", "risk", "provider"]
        for expression in expressions {
            let names = expression.split(whereSeparator: { !($0.isLetter || $0 == "_") }).map(String.init)
                .filter { $0.contains("_") && !$0.hasPrefix("__") && !functions.contains($0) }
            XCTAssertFalse(names.isEmpty, expression)
            for name in names { XCTAssertTrue(exported.contains(name), "\(name) in \(expression) is not exported") }
        }
    }
}
