import AuraHTTP

/// The `+http` capability: `http.get!`, `http.post!`, `http.request!` over AuraHTTP.
/// Any status is a `Response` (a 404 is data for the program); only failing to get a
/// response at all is a runtime error.
public enum HTTPLibrary {
    /// Keyed by the builtin's qualified name. `nonisolated(unsafe)`: the closures capture no
    /// state, so sharing the table between threads is safe although closures are not `Sendable`.
    public static let builtins: [String: BuiltinImplementation] = [
        "http.get!": { arguments, context in
            try send(HTTPRequest(method: "GET", url: arguments[0].asString("the URL")), "http.get!", context)
        },
        "http.post!": { arguments, context in
            let request = HTTPRequest(method: "POST", url: try arguments[0].asString("the URL"),
                                      body: Array(try arguments[1].asString("the body").utf8))
            return try send(request, "http.post!", context)
        },
        "http.request!": { arguments, context in
            var headers: [HTTPHeader] = []
            for (name, value) in try arguments[3].asMap("the headers").pairs {
                headers.append(HTTPHeader(try name.asString("a header name"), try value.asString("a header value")))
            }
            let request = HTTPRequest(method: try arguments[0].asString("the method"), url: try arguments[1].asString("the URL"),
                                      headers: headers, body: Array(try arguments[2].asString("the body").utf8))
            return try send(request, "http.request!", context)
        },
    ]

    /// Limits for program requests: a hung server costs at most 30 s, a huge body at most 32 MiB.
    static let timeouts = HTTPTimeouts(connect: 5, total: 30)
    static let maxBodySize = 32 << 20

    /// The record type of every response.
    static let responseLayout = RecordLayout(name: "Response", fieldNames: ["status", "body", "headers"])

    private static func send(_ base: HTTPRequest, _ builtin: String, _ context: BuiltinContext) throws -> Value {
        let sandbox = context.effects.sandbox
        if sandbox.isEnabled, !sandbox.allowNetwork {
            throw RuntimeError(.sandboxDenied,
                               "\(builtin): network access is denied during verification; set aura.verify.allowNetwork to allow it")
        }
        var request = base
        request.timeouts = timeouts
        request.maxBodySize = maxBodySize
        // Like a browser or `curl -L`: programs usually want the resource, not the redirect.
        request.followRedirects = true
        do {
            return response(try HTTPClient().send(request))
        } catch {
            throw RuntimeError(.httpError, "\(builtin) \(request.method.uppercased()) \(request.url): \(error.summary): \(error.message)")
        }
    }

    /// `Response { status, body, headers }`. Header names are lower-cased; a header sent more
    /// than once (`set-cookie`) has its values joined with ", " in order (RFC 9110 §5.3).
    static func response(_ response: HTTPResponse) -> Value {
        var headers = MapValue()
        for header in response.headers {
            let name = Value.string(header.name.lowercased())
            if case let .string(existing)? = headers[name] {
                headers[name] = .string(existing + ", " + header.value)
            } else {
                headers[name] = .string(header.value)
            }
        }
        let fields: [Value] = [.int(Int64(response.status)), .string(response.text), .map(headers)]
        return .record(RecordValue(layout: responseLayout, fields: fields))
    }
}
