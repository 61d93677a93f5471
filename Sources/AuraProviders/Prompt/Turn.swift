/// One message of a conversation with a model about one problem. Each API renders turns in its
/// own shape (Claude: a `tool_use` block answered by a `tool_result`; OpenAI: plain messages).
public enum Turn: Sendable, Equatable {
    /// What we ask: the problem and the files (the first message).
    case user(String)
    /// What the model answered earlier: the `propose_fix` arguments as JSON text.
    case answer(String)
    /// Why that answer was rejected: what verification found (follows an `answer`).
    case feedback(String)
}
