import AuraHTTP

/// Why a model request produced no usable answer. Shown in the plan as the item's rejection
/// reason; never contains the API key (messages pass through a `Redactor`).
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The API answered with an error status (`type` from the error body, when it had one).
        case status(Int, type: String?)
        /// No response: refused, timed out, reset.
        case transport(HTTPError.Kind)
        /// The stream broke off: an `error` event, or the end without `message_stop`.
        case stream
        /// The body was not the JSON the API documents.
        case malformed
        /// Cancelled by the user.
        case cancelled
    }

    public var kind: Kind
    public var message: String
    /// How many requests were made (1 + retries).
    public var attempts: Int

    public init(_ kind: Kind, _ message: String, attempts: Int = 1) {
        self.kind = kind
        self.message = message
        self.attempts = attempts
    }

    public var description: String {
        attempts > 1 ? "\(message) (after \(attempts) attempts)" : message
    }
}
