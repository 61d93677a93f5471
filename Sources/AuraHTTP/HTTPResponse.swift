/// Status line and headers of a response (of the final response when redirects were followed).
public struct HTTPResponseHead: Sendable, Equatable {
    /// The HTTP status code (200, 404, 529, ...).
    public var status: Int
    /// In the order received; repeated headers (`set-cookie`) appear once per line.
    public var headers: [HTTPHeader]

    /// A head with these fields.
    public init(status: Int, headers: [HTTPHeader]) {
        self.status = status
        self.headers = headers
    }

    /// The first value of a header, matching the name case-insensitively.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// A complete response. Any status is a response, not an error: callers decide what a 404 means.
public struct HTTPResponse: Sendable, Equatable {
    /// Status and headers.
    public var head: HTTPResponseHead
    /// The body as received (decoded from gzip/deflate/br when the server compressed it).
    public var body: [UInt8]

    /// A response with these fields.
    public init(head: HTTPResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// `head.status`.
    public var status: Int { head.status }
    /// `head.headers`.
    public var headers: [HTTPHeader] { head.headers }

    /// The body decoded as UTF-8; invalid sequences become U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// See `HTTPResponseHead.value(for:)`.
    public func value(for name: String) -> String? { head.value(for: name) }
}
