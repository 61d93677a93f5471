/// A small blocking HTTP client over libcurl. Each call runs one request on its own easy
/// handle on the calling thread, so the client is freely shareable across threads. Call it
/// from a background thread or a `Task` (cancelling the task aborts the transfer).
///
/// TLS uses the system libcurl's backend and CA store; proxies come from the environment
/// (`https_proxy`, `no_proxy`, ...). A non-2xx status is a response, never an error.
public struct HTTPClient: Sendable {
    /// A client; all settings are per request (`HTTPRequest`).
    public init() {}

    /// Sends `request` and returns the whole response.
    /// - Throws: `HTTPError` when no response could be read (see `HTTPError.Kind`).
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        try CurlTransfer.perform(request, onHead: nil, onChunk: nil)
    }

    /// Sends `request` and delivers the body as it arrives (server-sent events, long downloads).
    ///
    /// `onHead` runs once, before the first chunk (or at the end when the body is empty), with
    /// the final status and headers. `onChunk` receives body bytes in arrival order; chunk
    /// boundaries are arbitrary. Either returning false aborts the transfer with `.cancelled`.
    /// `maxBodySize` bounds the total streamed bytes.
    /// Both callbacks run on the calling thread, inside this call and never after it returns.
    /// - Returns: the head, once the body has ended.
    @discardableResult
    public func stream(_ request: HTTPRequest, onHead: (HTTPResponseHead) -> Bool = { _ in true },
                       onChunk: ([UInt8]) -> Bool) throws(HTTPError) -> HTTPResponseHead {
        // The transfer state holds the callbacks only while `perform` runs, so they do not
        // really escape; callers may therefore capture local `var`s without `@escaping`.
        let result = withoutActuallyEscaping(onHead) { onHead in
            withoutActuallyEscaping(onChunk) { onChunk in
                Result { () throws(HTTPError) in try CurlTransfer.perform(request, onHead: onHead, onChunk: onChunk) }
            }
        }
        return try result.get().head
    }
}
