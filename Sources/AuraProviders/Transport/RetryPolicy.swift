import AuraHTTP
import Foundation

/// When to try a model request again, and how long to wait first: the constants and rules of
/// Anthropic's official SDKs (PROVIDERS.md), used for every HTTP provider.
public struct RetryPolicy: Sendable, Equatable {
    /// At most this many retries (so `maxRetries + 1` attempts).
    public var maxRetries = 2
    /// First backoff, doubled per retry.
    public var initialDelay = 0.5
    /// Backoff ceiling.
    public var maxDelay = 8.0
    /// A server's `retry-after` is honoured only up to this many seconds.
    public var maxRetryAfter = 60.0

    public init() {}

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Equatable {
        case retry(after: Double)
        case giveUp
    }

    /// Whether a response status calls for another attempt. `x-should-retry` overrides everything;
    /// otherwise 408, 409, 429 and every 5xx (529 overloaded, 503 model loading) are retried.
    public func shouldRetry(status: Int, head: HTTPResponseHead) -> Bool {
        switch head.value(for: "x-should-retry")?.lowercased() {
        case "true": return true
        case "false": return false
        default: return status == 408 || status == 409 || status == 429 || status >= 500
        }
    }

    /// Whether a transport failure calls for another attempt: connection errors and timeouts do;
    /// a refused request (bad URL), an oversized body or a cancellation do not.
    public func shouldRetry(_ error: HTTPError) -> Bool {
        switch error.kind {
        case .connectionRefused, .timeout, .dns, .tls, .transfer: return true
        case .tooLarge, .cancelled, .invalidRequest: return false
        }
    }

    /// The wait before retry number `retriesSoFar + 1`: the server's `retry-after-ms` or
    /// `retry-after` when 0 < value ≤ 60 s, else `min(0.5·2^n, 8)·(1 − 0.25·random)`.
    /// - Parameter random: a value in [0, 1) (injected so the table test is exact).
    public func delay(retriesSoFar: Int, head: HTTPResponseHead?, random: Double, now: Date = Date()) -> Double {
        if let head, let serverDelay = RetryPolicy.retryAfter(head, now: now), serverDelay > 0, serverDelay <= maxRetryAfter {
            return serverDelay
        }
        let base = min(initialDelay * pow(2.0, Double(min(retriesSoFar, 1000))), maxDelay)
        return max(0, base * (1 - 0.25 * random))
    }

    /// The decision after a response with a failing status.
    public func decide(status: Int, head: HTTPResponseHead, retriesSoFar: Int, random: Double) -> Decision {
        guard retriesSoFar < maxRetries, shouldRetry(status: status, head: head) else { return .giveUp }
        return .retry(after: delay(retriesSoFar: retriesSoFar, head: head, random: random))
    }

    /// The decision after a transport failure (no response).
    public func decide(_ error: HTTPError, retriesSoFar: Int, random: Double) -> Decision {
        guard retriesSoFar < maxRetries, shouldRetry(error) else { return .giveUp }
        return .retry(after: delay(retriesSoFar: retriesSoFar, head: nil, random: random))
    }

    /// `retry-after-ms` (milliseconds), else `retry-after` (seconds or an HTTP date), in seconds.
    static func retryAfter(_ head: HTTPResponseHead, now: Date) -> Double? {
        if let text = head.value(for: "retry-after-ms"), let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)) {
            return milliseconds / 1000
        }
        guard let text = head.value(for: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text).map { $0.timeIntervalSince(now) }
    }
}
