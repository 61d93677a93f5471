import CCurl

/// Why a request produced no response. `message` is libcurl's own explanation.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failure classes callers treat differently (retry, report, give up).
    public enum Kind: Sendable, Equatable {
        /// Nothing accepted the connection: refused, or host/network unreachable.
        case connectionRefused
        /// The connect, total or idle time limit passed.
        case timeout
        /// The host (or proxy) name did not resolve.
        case dns
        /// TLS handshake or certificate verification failed.
        case tls
        /// The body exceeded `HTTPRequest.maxBodySize`.
        case tooLarge
        /// The streaming callback returned false, or the surrounding `Task` was cancelled.
        case cancelled
        /// Malformed URL, unsupported scheme, or a method/header that is not valid HTTP.
        case invalidRequest
        /// Any other transfer failure (connection reset, bad response, ...).
        case transfer
    }

    /// What went wrong, for callers that react differently (retry on `.timeout`, ...).
    public var kind: Kind
    /// libcurl's explanation (its error buffer), or this library's for checks it makes itself.
    public var message: String
    /// The request URL (not the redirect target).
    public var url: String
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public var curlCode: Int?

    /// An error with these fields.
    public init(_ kind: Kind, _ message: String, url: String, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.url = url
        self.curlCode = curlCode
    }

    /// A short phrase for the kind, for error messages ("connection refused").
    public var summary: String {
        switch kind {
        case .connectionRefused: return "connection refused"
        case .timeout: return "timed out"
        case .dns: return "could not resolve host"
        case .tls: return "TLS error"
        case .tooLarge: return "response too large"
        case .cancelled: return "cancelled"
        case .invalidRequest: return "invalid request"
        case .transfer: return "transfer failed"
        }
    }

    /// `URL: summary: message`.
    public var description: String { "\(url): \(summary): \(message)" }

    /// Maps a libcurl failure code to a kind.
    static func kind(of code: CURLcode) -> Kind {
        switch code {
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_FILESIZE_EXCEEDED:
            return .tooLarge
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidRequest
        default:
            return .transfer
        }
    }
}
