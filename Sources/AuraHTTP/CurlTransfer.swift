import CCurl

/// One request on its own libcurl easy handle: validate, configure, perform, classify.
/// Handles are never shared, so concurrent requests on different threads are independent.
enum CurlTransfer {
    static func perform(_ request: HTTPRequest, onHead: ((HTTPResponseHead) -> Bool)?,
                        onChunk: (([UInt8]) -> Bool)?) throws(HTTPError) -> HTTPResponse {
        try CurlGlobal.ensureInitialized(url: request.url)
        let method = try validatedMethod(request)
        let headerList = try makeHeaderList(request)
        defer { aura_curl_slist_free_all(headerList) }
        // Declared before the handle so that (defers running in reverse) the header list and the
        // error buffer outlive `curl_easy_cleanup`, which may still touch both.
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        guard let handle = aura_curl_easy_init() else {
            throw HTTPError(.transfer, "curl_easy_init failed", url: request.url)
        }
        defer { aura_curl_easy_cleanup(handle) }

        let state = TransferState(handle: handle, maxBodySize: request.maxBodySize,
                                  idleLimit: request.timeouts.idle, onHead: onHead, onChunk: onChunk)
        let payload = Unmanaged.passUnretained(state).toOpaque()
        var code = configure(handle, request, method: method, headers: headerList, payload: payload,
                             errorBuffer: errorBuffer)
        if code == CURLE_OK {
            code = withExtendedLifetime(state) { aura_curl_easy_perform(handle) }
        }
        if code == CURLE_OK, !state.deliverHeadIfNeeded() {
            code = CURLE_ABORTED_BY_CALLBACK
        }
        guard code == CURLE_OK else {
            throw failure(code, state: state, request: request, errorBuffer: errorBuffer)
        }
        return HTTPResponse(head: state.currentHead(), body: state.body)
    }

    /// Sets every option; the first failure is returned (an old libcurl lacking an option).
    private static func configure(_ handle: UnsafeMutableRawPointer, _ request: HTTPRequest, method: String,
                                  headers: UnsafeMutablePointer<curl_slist>?, payload: UnsafeMutableRawPointer,
                                  errorBuffer: UnsafeMutablePointer<CChar>) -> CURLcode {
        var codes: [CURLcode] = [
            aura_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            aura_curl_setopt_string(handle, CURLOPT_URL, request.url),
            // Signals are process-wide and unsafe with threads; libcurl then relies on its
            // threaded resolver for DNS timeouts.
            aura_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            // Long-lived streams notice a silently dropped connection.
            aura_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
            // Only HTTP(S), also after redirects: a URL from a program must not read `file:`.
            aura_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            aura_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            aura_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0),
            aura_curl_setopt_long(handle, CURLOPT_MAXREDIRS, request.maxRedirects),
            aura_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.timeouts.connect)),
            aura_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeouts.total.map(milliseconds) ?? 0),
            // Rejects a declared Content-Length over the limit before any byte is read.
            aura_curl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBodySize)),
            // "" = every encoding this libcurl can decode; bodies arrive decoded.
            aura_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""),
            aura_curl_setopt_string(handle, CURLOPT_USERAGENT, "aura/0.1 libcurl"),
            aura_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers),
            aura_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, payload),
            aura_curl_setopt_write_function(handle) { data, size, count, payload in
                guard let payload else { return 0 }
                let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
                let length = size * count
                return state.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
            },
            aura_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, payload),
            aura_curl_setopt_header_function(handle) { data, size, count, payload in
                guard let payload else { return 0 }
                let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
                let length = size * count
                return state.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
            },
            aura_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
            aura_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, payload),
            aura_curl_setopt_xferinfo_function(handle) { payload, _, _, _, _ in
                guard let payload else { return 0 }
                return Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue().shouldContinue() ? 0 : 1
            },
        ]
        // Proxies: CURLOPT_PROXY is deliberately left unset, so libcurl honours http_proxy,
        // https_proxy, all_proxy and no_proxy from the environment.
        codes += configureMethod(handle, request, method: method)
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    private static func configureMethod(_ handle: UnsafeMutableRawPointer, _ request: HTTPRequest,
                                        method: String) -> [CURLcode] {
        if method == "HEAD" {
            return [aura_curl_setopt_long(handle, CURLOPT_NOBODY, 1)]
        }
        if method == "GET", request.body.isEmpty {
            return [aura_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)]
        }
        var codes: [CURLcode] = []
        if !request.body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            // The size first, so COPYPOSTFIELDS copies exactly these bytes (NULs included).
            codes.append(aura_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            // COPYPOSTFIELDS copies the bytes, so they need to live only for this call.
            if request.body.isEmpty {
                codes.append(aura_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                codes.append(request.body.withUnsafeBytes { bytes in
                    aura_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                })
            }
        }
        if method != "POST" {
            codes.append(aura_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }
        return codes
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    /// Upper-cased method, checked to be an HTTP token so it cannot smuggle a second request line.
    private static func validatedMethod(_ request: HTTPRequest) throws(HTTPError) -> String {
        let method = request.method.uppercased()
        let allowed = Set("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        guard !method.isEmpty, method.allSatisfy({ allowed.contains($0) }) else {
            throw HTTPError(.invalidRequest, "'\(request.method)' is not a valid HTTP method", url: request.url)
        }
        return method
    }

    /// The header list for libcurl, refusing CR/LF (header injection) and empty names.
    private static func makeHeaderList(_ request: HTTPRequest) throws(HTTPError) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        var lines: [String] = []
        for header in request.headers {
            let bad = header.name.isEmpty || header.name.contains(where: { $0 == ":" || $0.isWhitespace || $0.isNewline })
                || header.value.contains(where: { $0.isNewline })
            guard !bad else {
                throw HTTPError(.invalidRequest, "invalid header '\(header.name)'", url: request.url)
            }
            // "Name:" would remove the header in libcurl; "Name;" sends it with an empty value.
            lines.append(header.value.isEmpty ? header.name + ";" : header.name + ": " + header.value)
        }
        // libcurl sends `Expect: 100-continue` for larger bodies and waits up to a second for
        // servers that ignore it; request bodies here are small enough to send straight away.
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            lines.append("Expect:")
        }
        for line in lines {
            guard let appended = aura_curl_slist_append(list, line) else {
                aura_curl_slist_free_all(list)
                throw HTTPError(.transfer, "out of memory building headers", url: request.url)
            }
            list = appended
        }
        return list
    }

    private static func failure(_ code: CURLcode, state: TransferState, request: HTTPRequest,
                                errorBuffer: UnsafeMutablePointer<CChar>) -> HTTPError {
        var message = String(cString: errorBuffer)
        if message.isEmpty { message = String(cString: aura_curl_easy_strerror(code)) }
        switch state.abort {
        case .tooLarge:
            return HTTPError(.tooLarge, "the body exceeds the limit of \(request.maxBodySize) bytes",
                             url: request.url, curlCode: Int(code.rawValue))
        case .cancelled:
            return HTTPError(.cancelled, "the transfer was cancelled", url: request.url, curlCode: Int(code.rawValue))
        case .idle:
            return HTTPError(.timeout, "no data received for \(request.timeouts.idle ?? 0) seconds (idle timeout)",
                             url: request.url, curlCode: Int(code.rawValue))
        case nil:
            let kind = HTTPError.kind(of: code)
            if kind == .tooLarge { message += " (limit \(request.maxBodySize) bytes)" }
            return HTTPError(kind, message, url: request.url, curlCode: Int(code.rawValue))
        }
    }
}
