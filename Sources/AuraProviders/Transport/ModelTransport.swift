import AuraHTTP
import Foundation

/// The outcome of one HTTP attempt, before the retry policy looks at it.
enum Attempt<Value> {
    case success(Value)
    /// A complete response with a failing status.
    case status(HTTPResponseHead, body: [UInt8])
    /// No response.
    case transport(HTTPError)
    /// A failure that no retry can cure (malformed body, broken stream, refusal).
    case fatal(ProviderFailure)
}

/// Sends model requests with the retry policy and the rate limiter, and turns every failure into a
/// `ProviderFailure` whose message is safe to print.
struct ModelTransport: Sendable {
    var client = HTTPClient()
    var retry = RetryPolicy()
    var limiter: RateLimiter?
    var redact: Redactor
    var sleep: @Sendable (Double) async throws -> Void
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// Explains an error response in the API's own terms (`overloaded_error: Overloaded`).
    var describe: @Sendable (Int, [UInt8]) -> (type: String?, message: String)
    /// Told about each retry (for the terminal): the reason and the wait.
    var onRetry: (@Sendable (String, Double) -> Void)?

    /// Runs `attempt` until it succeeds, the policy gives up, or the task is cancelled.
    func run<Value>(_ attempt: () async -> Attempt<Value>) async -> Result<Value, ProviderFailure> {
        await runCounting(attempt).result
    }

    /// `run`, with the number of requests made (1 + retries; 0 when cancelled before the first).
    func runCounting<Value>(_ attempt: () async -> Attempt<Value>) async -> (result: Result<Value, ProviderFailure>, requests: Int) {
        var made = 0
        let result = await run(counting: &made, attempt)
        return (result, made)
    }

    private func run<Value>(counting made: inout Int, _ attempt: () async -> Attempt<Value>) async -> Result<Value, ProviderFailure> {
        var retries = 0
        while true {
            if Task.isCancelled { return .failure(ProviderFailure(.cancelled, "cancelled", attempts: retries)) }
            if let limiter {
                do { try await limiter.acquire(sleep: sleep) } catch is CancellationError {
                    return .failure(ProviderFailure(.cancelled, "cancelled", attempts: retries))
                } catch {
                    return .failure(ProviderFailure(.transport(.transfer), redact("\(error)"), attempts: retries))
                }
            }
            let failure: ProviderFailure
            let decision: RetryPolicy.Decision
            made += 1
            switch await attempt() {
            case let .success(value):
                return .success(value)
            case let .fatal(error):
                var error = error
                error.message = redact(error.message)
                error.attempts = retries + 1
                return .failure(error)
            case let .status(head, body):
                let (type, message) = describe(head.status, body)
                failure = ProviderFailure(.status(head.status, type: type), redact("HTTP \(head.status) \(type ?? "error"): \(message)"),
                                          attempts: retries + 1)
                decision = retry.decide(status: head.status, head: head, retriesSoFar: retries, random: random())
            case let .transport(error):
                if error.kind == .cancelled && Task.isCancelled {
                    return .failure(ProviderFailure(.cancelled, "cancelled", attempts: retries + 1))
                }
                failure = ProviderFailure(.transport(error.kind), redact("\(error.summary): \(error.message)"), attempts: retries + 1)
                decision = retry.decide(error, retriesSoFar: retries, random: random())
            }
            guard case let .retry(after) = decision else { return .failure(failure) }
            onRetry?(failure.message, after)
            do { try await sleep(after) } catch {
                return .failure(ProviderFailure(.cancelled, "cancelled", attempts: retries + 1))
            }
            retries += 1
        }
    }

    /// One non-streaming POST.
    func post(_ request: HTTPRequest) -> Attempt<[UInt8]> {
        do {
            let response = try client.send(request)
            return response.status == 200 ? .success(response.body) : .status(response.head, body: response.body)
        } catch {
            return .transport(error)
        }
    }

    /// One streaming POST: a 200 body goes to `onEvent` as server-sent events, as it arrives;
    /// any other status is read whole and returned as `.status`.
    /// `onEvent` returns false to abort (the stream is then reported by the caller).
    func postStreaming(_ request: HTTPRequest, onEvent: (SSEEvent) -> Bool) -> Attempt<Void> {
        var parser = SSEParser()
        var status = 0
        var errorBody: [UInt8] = []
        var stopped = false
        do {
            let head = try client.stream(request, onHead: { head in
                status = head.status
                return true
            }, onChunk: { chunk in
                guard status == 200 else {
                    errorBody += chunk
                    return errorBody.count < 1 << 20
                }
                for event in parser.feed(chunk) where !onEvent(event) {
                    stopped = true
                    return false
                }
                return true
            })
            return status == 200 ? .success(()) : .status(head, body: errorBody)
        } catch {
            if stopped { return .success(()) }
            // Once a 200 stream has begun, a broken connection is a failed answer, not a reason to
            // pay for the whole answer again (the SDKs do not retry mid-stream either).
            if status == 200 && error.kind != .cancelled {
                return .fatal(ProviderFailure(.stream, "the stream broke off: \(error.summary): \(error.message)"))
            }
            return .transport(error)
        }
    }
}
