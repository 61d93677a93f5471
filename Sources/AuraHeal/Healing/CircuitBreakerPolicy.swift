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

    /// Reads and validates both keys; an invalid value names the key, value, origin and what is allowed.
    public static func load(from config: GitConfig) throws -> CircuitBreakerPolicy {
        var policy = CircuitBreakerPolicy()
        if let value = config.value("aura.circuitBreaker.maxFailures") {
            guard let number = Int(value.value), number >= 1, number <= 1000 else {
                throw HealPolicy.InvalidValue(key: "aura.circuitBreaker.maxFailures", value: value.value,
                                              origin: value.origin.rawValue, allowed: "a whole number from 1 to 1000")
            }
            policy.maxFailures = number
        }
        if let value = config.value("aura.circuitBreaker.window") {
            guard let seconds = DurationText.parse(value.value) else {
                throw HealPolicy.InvalidValue(key: "aura.circuitBreaker.window", value: value.value,
                                              origin: value.origin.rawValue, allowed: DurationText.allowed)
            }
            policy.window = seconds
        }
        return policy
    }

    /// The breaker's state in `ledger` under this policy (trips it when the failures reach the limit).
    public func state(in ledger: Ledger, now: Double = Ledger.now) throws -> BreakerState {
        try ledger.breakerState(maxFailures: maxFailures, window: window, now: now)
    }
}
