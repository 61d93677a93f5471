import CCurl

/// libcurl's process-wide initialisation, done exactly once. `curl_global_init` is not safe
/// to race with itself on every libcurl build; a Swift `static let` is initialised once,
/// thread-safely, on first use.
enum CurlGlobal {
    static let result: CURLcode = aura_curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    static func ensureInitialized(url: String) throws(HTTPError) {
        guard result == CURLE_OK else {
            throw HTTPError(.transfer, "libcurl could not initialise: " + String(cString: aura_curl_easy_strerror(result)),
                            url: url, curlCode: Int(result.rawValue))
        }
    }
}
