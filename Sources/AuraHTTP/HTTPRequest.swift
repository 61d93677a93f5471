/// One header line. Names keep the spelling they were sent or received with; compare them
/// case-insensitively (HTTP field names are case-insensitive).
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, e.g. `Content-Type`.
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// A header line `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Time limits of one request, in seconds.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Limit for establishing the connection (DNS, TCP and TLS handshakes).
    public var connect: Double
    /// Limit for the whole request including the body; nil means no limit.
    public var total: Double?
    /// Abort when no byte arrives for this long (useful for long streams where a total
    /// limit would be wrong); nil means no limit. Checked about once a second.
    public var idle: Double?

    /// Connect 5 s by default; no total or idle limit unless given (providers: total 600 s).
    public init(connect: Double = 5, total: Double? = nil, idle: Double? = nil) {
        self.connect = connect
        self.total = total
        self.idle = idle
    }
}

/// A request for `HTTPClient`.
public struct HTTPRequest: Sendable {
    /// 64 MiB: large enough for any API response, small enough to bound memory.
    public static let defaultMaxBodySize = 64 << 20

    /// Upper-cased before sending; must be an HTTP token (letters, digits, `!#$%&'*+-.^_|~`).
    public var method: String
    /// `http://` or `https://` only: other schemes (`file:`, `ftp:` ...) are refused so a
    /// URL taken from a program cannot read local files.
    public var url: String
    /// Sent in order. A header given here replaces libcurl's default of the same name
    /// (`User-Agent`, `Content-Type`, `Accept`). Names and values may not contain CR or LF.
    public var headers: [HTTPHeader]
    /// Sent for every method except GET and HEAD with an empty body.
    public var body: [UInt8]
    /// Connect, total and idle limits.
    public var timeouts: HTTPTimeouts
    /// Responses (or streams) with more body bytes than this fail with `.tooLarge`.
    public var maxBodySize: Int
    /// Follow 3xx redirects (at most `maxRedirects`, http and https only).
    public var followRedirects: Bool
    /// More redirects than this fail with `.transfer`.
    public var maxRedirects: Int

    /// A request; GET without a body unless told otherwise.
    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: [UInt8] = [],
                timeouts: HTTPTimeouts = HTTPTimeouts(), maxBodySize: Int = HTTPRequest.defaultMaxBodySize,
                followRedirects: Bool = false, maxRedirects: Int = 10) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.maxBodySize = maxBodySize
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
    }

    /// A request whose body is UTF-8 text.
    public init(method: String, url: String, headers: [HTTPHeader] = [], text: String,
                timeouts: HTTPTimeouts = HTTPTimeouts(), maxBodySize: Int = HTTPRequest.defaultMaxBodySize) {
        self.init(method: method, url: url, headers: headers, body: Array(text.utf8), timeouts: timeouts,
                  maxBodySize: maxBodySize)
    }
}
