import AuraProviders
import Foundation
import XCTest

/// The rate limiter holds across processes: two `provider-probe` processes share one state
/// directory and their grants interleave at the configured spacing.
final class RateLimiterTests: XCTestCase {
    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "aura-limiter-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testSpacingAndWindowInOneProcess() throws {
        let limiter = RateLimiter(directory: try directory(), name: "unit", requestsPerMinute: 2, window: 10)
        XCTAssertEqual(try limiter.reserve(now: 1000), 0)
        XCTAssertEqual(try limiter.reserve(now: 1001), 4, accuracy: 1e-6, "5 s apart (10 s / 2)")
        XCTAssertEqual(try limiter.reserve(now: 1005), 0)
        XCTAssertEqual(try limiter.reserve(now: 1006), 4, accuracy: 1e-6, "two in the window: wait until the first leaves")
        XCTAssertEqual(try limiter.reserve(now: 1010.5), 0)
    }

    func testTwoProcessesShareTheLimit() throws {
        let state = try directory()
        // 6 per 1.8 s: one grant every 0.3 s, whichever process asks.
        let probe = TestRepository.executable("provider-probe")
        let boxes = [Box(), Box()]
        let statuses = [Box(), Box()]
        let group = DispatchGroup()
        let started = Date()
        for index in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                let output = try? TestRepository.run(probe, [state, "6", "1.8", "3"], in: state)
                boxes[index].data = Data((output?.stdout ?? "").utf8)
                statuses[index].data = Data("\(output?.status ?? -1) \(output?.stderr ?? "")".utf8)
                group.leave()
            }
        }
        group.wait()
        let outputs = (0..<2).map { index in
            TestRepository.Output(status: Int32(String(decoding: statuses[index].data, as: UTF8.self).split(separator: " ").first ?? "") ?? -1,
                                  stdout: String(decoding: boxes[index].data, as: UTF8.self),
                                  stderr: String(decoding: statuses[index].data, as: UTF8.self))
        }
        let elapsed = Date().timeIntervalSince(started)
        for output in outputs { XCTAssertEqual(output.status, 0, output.stderr) }
        let printed = outputs.flatMap { $0.stdout.split(separator: "\n").compactMap { Double($0) } }
        XCTAssertEqual(printed.count, 6, "every acquire returned")
        // The spacing is checked on the grant times the limiter recorded under its lock: the
        // times the probes print after a grant include their own scheduling delay on a busy machine.
        let recorded = try String(contentsOfFile: state + "/ratelimit-probe.times", encoding: .utf8)
        let times = recorded.split(separator: "\n").compactMap { Double($0) }.sorted()
        XCTAssertEqual(times.count, 6)
        for (earlier, later) in zip(times, times.dropFirst()) {
            XCTAssertGreaterThanOrEqual(later - earlier, 0.3 - 1e-6, "grants \(times)")
        }
        XCTAssertGreaterThanOrEqual(elapsed, 1.5 - 1e-3, "six grants 0.3 s apart take at least 1.5 s")
    }
}

/// Data handed from a worker thread back to the test (ordered by the DispatchGroup).
final class Box: @unchecked Sendable {
    var data = Data()
}
