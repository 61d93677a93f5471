import AuraHTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura metrics --push URL`: the exposition sent to a Prometheus pushgateway, grouped by
/// job `aura` and the repository's name, so an organisation sees every repository in one
/// Prometheus. A PUT replaces the whole group: counters are ledger totals, not increments.
enum MetricsPush {
    /// `<gateway>/metrics/job/aura/repo@base64/<name>`: base64url keeps any folder name a
    /// single path segment (the pushgateway's own encoding for label values).
    static func url(gateway: String, repository name: String) throws -> String {
        guard gateway.hasPrefix("http://") || gateway.hasPrefix("https://") else {
            throw CommandFailureMessage("--push needs the pushgateway's http:// or https:// URL (got `\(gateway)`)", status: ExitStatus.usage)
        }
        let base = gateway.hasSuffix("/") ? String(gateway.dropLast()) : gateway
        let encoded = Data(name.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        // An empty value must be written as `=` in base64 form.
        return base + "/metrics/job/aura/repo@base64/" + (encoded.isEmpty ? "=" : encoded)
    }

    /// Sends `exposition`; throws with the gateway's answer when it is not 2xx.
    static func send(_ exposition: String, to url: String) throws {
        let request = HTTPRequest(method: "PUT", url: url, headers: [HTTPHeader("Content-Type", "text/plain; version=0.0.4")],
                                  text: exposition, timeouts: HTTPTimeouts(connect: 5, total: 30))
        let response: HTTPResponse
        do {
            response = try HTTPClient().send(request)
        } catch {
            throw CommandFailureMessage("cannot push metrics to \(url): \(error)", status: ExitStatus.refused)
        }
        guard (200..<300).contains(response.status) else {
            let answer = String(decoding: response.body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandFailureMessage("the pushgateway refused the metrics (HTTP \(response.status)): \(answer)", status: ExitStatus.refused)
        }
    }
}
