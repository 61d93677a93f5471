import AuraGit
import AuraLedger

/// When repeated failures stop healing (`aura.circuitBreaker.maxFailures` / `.window`,
/// ARCHITECTURE.md §4): that many rejected or undone heals within the window open the breaker.
public struct CircuitBreakerPolicy: Sendable, Equatable {
    public var maxFailures = 3
    /// Seconds.
    public var window: Double = 3600

    public init(maxFailures: Int = 3, window: Double = 3600) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Reads both keys, validated by `PolicyKeys` (an invalid value names the key, value, origin
    /// and what is allowed).
    public static func load(from config: GitConfig) throws -> CircuitBreakerPolicy {
        var policy = CircuitBreakerPolicy()
        if let value = try PolicyKeys.validated(config, "aura.circuitBreaker.maxFailures") { policy.maxFailures = Int(value) ?? policy.maxFailures }
        if let value = try PolicyKeys.validated(config, "aura.circuitBreaker.window") { policy.window = DurationText.parse(value) ?? policy.window }
        return policy
    }

    /// The breaker's state in `ledger` under this policy (trips it when the failures reach the limit).
    public func state(in ledger: Ledger, now: Double = Ledger.now) throws -> BreakerState {
        try ledger.breakerState(maxFailures: maxFailures, window: window, now: now)
    }
}
