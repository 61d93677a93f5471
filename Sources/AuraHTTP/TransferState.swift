import CCurl

/// Everything libcurl's C callbacks need during one transfer. The callbacks cannot capture
/// Swift context, so they receive this object through their `void *` payload (`Unmanaged`).
/// It lives on the stack of `CurlTransfer.perform`, which outlives every callback, and is only
/// touched by the thread running `curl_easy_perform`.
final class TransferState {
    enum Abort {
        case tooLarge
        case cancelled
        case idle
    }

    let handle: UnsafeMutableRawPointer
    let maxBodySize: Int
    let idleLimit: Duration?
    private var lastActivity = ContinuousClock.now
    let onHead: ((HTTPResponseHead) -> Bool)?
    /// When set, body bytes go here instead of into `body` (streaming).
    let onChunk: (([UInt8]) -> Bool)?

    private(set) var body: [UInt8] = []
    private(set) var received = 0
    /// Headers of the latest response; reset at each status line so that `100 Continue` and
    /// followed redirects leave only the final response's headers.
    private(set) var headers: [HTTPHeader] = []
    private(set) var headDelivered = false
    private(set) var abort: Abort?

    init(handle: UnsafeMutableRawPointer, maxBodySize: Int, idleLimit: Double?, onHead: ((HTTPResponseHead) -> Bool)?,
         onChunk: (([UInt8]) -> Bool)?) {
        self.handle = handle
        self.maxBodySize = maxBodySize
        self.idleLimit = idleLimit.map { Duration.milliseconds(Int64(($0 * 1000).rounded(.up))) }
        self.onHead = onHead
        self.onChunk = onChunk
    }

    /// The status and headers as libcurl knows them now.
    func currentHead() -> HTTPResponseHead {
        var status = 0
        _ = aura_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponseHead(status: status, headers: headers)
    }

    /// Hands the head to the caller once, before the first body byte (or at the end for an
    /// empty body). Returns false when the caller wants to stop.
    func deliverHeadIfNeeded() -> Bool {
        guard !headDelivered else { return true }
        headDelivered = true
        guard let onHead else { return true }
        if onHead(currentHead()) { return true }
        abort = .cancelled
        return false
    }

    /// One header line including its CRLF. Returns false to abort (never, today).
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var line = String(decoding: bytes, as: UTF8.self)
        // "\r\n" is a single Character in Swift, hence `isNewline` rather than comparing to "\r".
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding: the line continues the previous header's value.
            headers[headers.count - 1].value += " " + line.trimmingSpaces()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            headers.append(HTTPHeader(name, value))
        }
        return true
    }

    /// A piece of the body. Returns false to abort the transfer (limit reached or the
    /// streaming callback asked to stop).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard deliverHeadIfNeeded() else { return false }
        lastActivity = .now
        received += bytes.count
        if received > maxBodySize {
            abort = .tooLarge
            return false
        }
        if let onChunk {
            if onChunk(Array(bytes)) { return true }
            abort = .cancelled
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Polled by libcurl during the transfer, at least once a second even while no data flows,
    /// so that cancelling the surrounding `Task` stops a request waiting for the server, and so
    /// that a stalled stream ends. (libcurl's LOW_SPEED options average over several seconds,
    /// which a slow trickle of SSE frames can satisfy; this measures true silence.)
    func shouldContinue() -> Bool {
        if Task.isCancelled {
            abort = .cancelled
            return false
        }
        if let idleLimit, ContinuousClock.now - lastActivity > idleLimit {
            abort = .idle
            return false
        }
        return true
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
