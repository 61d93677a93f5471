import AuraHeal
import Foundation

/// The model requests and tokens one heal session may spend (`aura.provider.maxRequestsPerSession`,
/// `aura.provider.maxTokensPerSession`), shared by every model provider of the session. A
/// request is refused before it is sent once either is spent; a request already under way is
/// not cut off, so the token total can end slightly above its limit.
public final class SessionBudget: @unchecked Sendable {
    public let maxRequests: Int?
    public let maxTokens: Int?
    private let lock = NSLock()
    private var requests = 0
    private var tokens = 0

    public init(maxRequests: Int?, maxTokens: Int?) {
        self.maxRequests = maxRequests
        self.maxTokens = maxTokens
    }

    /// Requests and tokens (in + out) spent so far.
    public var spent: (requests: Int, tokens: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (requests, tokens)
    }

    /// Why no further request may be sent, or nil while the budget lasts.
    public func refusal() -> String? {
        let (requests, tokens) = spent
        if let maxRequests, requests >= maxRequests {
            return "the session's request budget is spent (\(requests) of aura.provider.maxRequestsPerSession = \(maxRequests))"
        }
        if let maxTokens, tokens >= maxTokens {
            return "the session's token budget is spent (\(tokens) of aura.provider.maxTokensPerSession = \(maxTokens))"
        }
        return nil
    }

    /// Counts what one question cost: its requests (retries included) and tokens.
    public func charge(requests: Int, usage: TokenUsage?) {
        lock.lock()
        self.requests += requests
        tokens += (usage?.input ?? 0) + (usage?.output ?? 0)
        lock.unlock()
    }
}
