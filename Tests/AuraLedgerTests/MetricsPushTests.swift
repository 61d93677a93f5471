import AuraTestSupport
import Foundation
import XCTest

/// `git aura metrics --push` against a real Prometheus pushgateway (Debian's
/// `prometheus-pushgateway`, installed by `make deps`) started on a loopback port.
final class MetricsPushTests: XCTestCase {
    private struct GatewayFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A running gateway, stopped when the test ends.
    private final class Gateway {
        let process = Process()
        let port = LoopbackServer.closedPort()
        var url: String { "http://127.0.0.1:\(port)" }

        init() throws {
            let binary = "/usr/bin/prometheus-pushgateway"
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw GatewayFailure("\(binary) is missing: run `make deps` (scripts/install-deps.sh installs prometheus-pushgateway)")
            }
            process.executableURL = URL(fileURLWithPath: binary)
            // Debian's build persists to /var/lib/prometheus/pushgateway.data by default: an empty
            // file name keeps this gateway in memory, so earlier runs' groups never show up here.
            process.arguments = ["--web.listen-address=127.0.0.1:\(port)", "--log.level=error", "--persistence.file="]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let (_, status) = try? fetch("/-/ready"), status == 200 { return }
                usleep(50_000)
            }
            throw GatewayFailure("the pushgateway did not become ready on port \(port)")
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        /// GET on the gateway with curl (a second, independent HTTP client).
        func fetch(_ path: String) throws -> (body: String, status: Int) {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", url + path]
            let out = Pipe()
            curl.standardOutput = out
            curl.standardError = FileHandle.nullDevice
            try curl.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            curl.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            guard let split = text.lastIndex(of: "\n") else { return (text, 0) }
            return (String(text[..<split]), Int(text[text.index(after: split)...]) ?? 0)
        }
    }

    func testPushedMetricsAreScrapedBackFromTheGatewayPerRepository() throws {
        let gateway = try Gateway()
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.policy", "autonomous")
        XCTAssertEqual(try repo.aura(["heal"]).status, 0)
        let pushed = try repo.aura(["metrics", "--push", gateway.url])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        XCTAssertTrue(pushed.stdout.hasPrefix("pushed "), pushed.stdout)
        let name = URL(fileURLWithPath: repo.path).lastPathComponent

        let scraped = try gateway.fetch("/metrics")
        XCTAssertEqual(scraped.status, 200)
        let families = try PrometheusParser.parse(scraped.body.split(separator: "\n").filter { line in
            // The gateway adds its own families (push_time_seconds, go_*, process_*) and lists
            // histogram buckets in its own order: keep the two families checked here.
            line.contains("aura_healing_attempts_total") || line.contains("aura_circuit_breaker_state")
        }.joined(separator: "\n") + "\n")
        let attempts = try XCTUnwrap(families["aura_healing_attempts_total"]?.samples)
        XCTAssertEqual(attempts.first { $0.labels["outcome"] == "applied" }?.labels["job"], "aura")
        XCTAssertEqual(attempts.first { $0.labels["outcome"] == "applied" }?.labels["repo"], name)
        XCTAssertEqual(attempts.first { $0.labels["outcome"] == "applied" }?.value, 1)
        XCTAssertEqual(families["aura_circuit_breaker_state"]?.samples.first { $0.labels["state"] == "closed" }?.value, 1)

        // A second push replaces the group (PUT): totals, not increments.
        let auraSamples = { (body: String) in body.split(separator: "\n").filter { $0.hasPrefix("aura_") }.sorted() }
        XCTAssertEqual(try repo.aura(["metrics", "--push", gateway.url + "/"]).status, 0)
        XCTAssertEqual(auraSamples(try gateway.fetch("/metrics").body), auraSamples(scraped.body))
    }

    func testUnreachableOrWrongGatewaysAreClearErrors() throws {
        let repo = try LedgerTestRepository()
        let refused = try repo.aura(["metrics", "--push", "http://127.0.0.1:\(LoopbackServer.closedPort())"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("cannot push metrics to http://127.0.0.1:"), refused.stderr)
        let notHTTP = try repo.aura(["metrics", "--push", "file:///etc/passwd"])
        XCTAssertEqual(notHTTP.status, 64)
        XCTAssertTrue(notHTTP.stderr.contains("--push needs the pushgateway's http:// or https:// URL"), notHTTP.stderr)
        let gateway = try Gateway()
        let notFound = try repo.aura(["metrics", "--push", gateway.url + "/nothing-here"])
        XCTAssertEqual(notFound.status, 1)
        XCTAssertTrue(notFound.stderr.contains("the pushgateway refused the metrics (HTTP 404)"), notFound.stderr)
    }
}
