import AuraHTTP
import AuraProviders
import Foundation
import XCTest

/// The SDKs' retry rules as a table.
final class RetryPolicyTests: XCTestCase {
    let policy = RetryPolicy()

    func head(_ status: Int, _ headers: [(String, String)] = []) -> HTTPResponseHead {
        HTTPResponseHead(status: status, headers: headers.map { HTTPHeader($0.0, $0.1) })
    }

    func testWhichStatusesAreRetried() {
        let table: [(Int, [(String, String)], Bool)] = [
            (400, [], false), (401, [], false), (403, [], false), (404, [], false), (413, [], false), (422, [], false),
            (408, [], true), (409, [], true), (429, [], true), (500, [], true), (502, [], true), (503, [], true),
            (504, [], true), (529, [], true),
            (500, [("x-should-retry", "false")], false), (529, [("X-Should-Retry", "false")], false),
            (400, [("x-should-retry", "true")], true),
        ]
        for (status, headers, expected) in table {
            XCTAssertEqual(policy.shouldRetry(status: status, head: head(status, headers)), expected, "\(status) \(headers)")
        }
    }

    func testTransportFailures() {
        for (kind, expected) in [(HTTPError.Kind.timeout, true), (.connectionRefused, true), (.transfer, true), (.dns, true),
                                 (.tooLarge, false), (.cancelled, false), (.invalidRequest, false)] {
            XCTAssertEqual(policy.shouldRetry(HTTPError(kind, "x", url: "u")), expected, "\(kind)")
        }
    }

    func testDelays() {
        let table: [(retries: Int, headers: [(String, String)], random: Double, expected: Double)] = [
            (0, [], 0, 0.5), (1, [], 0, 1.0), (2, [], 0, 2.0), (4, [], 0, 8.0), (9, [], 0, 8.0),
            (0, [], 0.999_999, 0.375), (1, [], 0.5, 0.875),
            (0, [("retry-after", "3")], 0.5, 3.0), (0, [("retry-after-ms", "1500")], 0.5, 1.5),
            (0, [("retry-after-ms", "250"), ("retry-after", "9")], 0, 0.25),
            (1, [("retry-after", "61")], 0, 1.0), (1, [("retry-after", "0")], 0, 1.0), (0, [("retry-after", "soon")], 0, 0.5),
        ]
        for row in table {
            XCTAssertEqual(policy.delay(retriesSoFar: row.retries, head: head(429, row.headers), random: row.random), row.expected,
                           accuracy: 1e-4, "\(row)")
        }
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let date = "Tue, 14 Nov 2023 22:13:30 GMT"  // 10 s after `now`
        XCTAssertEqual(policy.delay(retriesSoFar: 0, head: head(429, [("retry-after", date)]), random: 0, now: now), 10, accuracy: 1e-6)
    }

    func testAtMostTwoRetries() {
        XCTAssertEqual(policy.decide(status: 529, head: head(529), retriesSoFar: 0, random: 0), .retry(after: 0.5))
        XCTAssertEqual(policy.decide(status: 529, head: head(529), retriesSoFar: 1, random: 0), .retry(after: 1.0))
        XCTAssertEqual(policy.decide(status: 529, head: head(529), retriesSoFar: 2, random: 0), .giveUp)
        XCTAssertEqual(policy.decide(status: 401, head: head(401), retriesSoFar: 0, random: 0), .giveUp)
    }
}
