import AuraJSON

/// JSON-RPC 2.0 error codes the server answers with (LSP 3.17 §"Response Message").
enum RPCErrorCode: Int {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestFailed = -32803
    case requestCancelled = -32800
}

/// A request failed with a code and a message the client shows.
struct RPCError: Error {
    var code: RPCErrorCode
    var message: String

    init(_ code: RPCErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    static func invalidParams(_ message: String) -> RPCError { RPCError(.invalidParams, message) }
}

/// Builders for the three message shapes.
enum JSONRPC {
    static func response(id: JSON, result: JSON) -> JSON {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func error(id: JSON, _ error: RPCError) -> JSON {
        ["jsonrpc": "2.0", "id": id, "error": ["code": .integer(Int64(error.code.rawValue)), "message": .string(error.message)]]
    }

    static func notification(_ method: String, _ params: JSON) -> JSON {
        ["jsonrpc": "2.0", "method": .string(method), "params": params]
    }

    /// Whether `value` is a valid request id (a number or a string).
    static func isValidID(_ value: JSON) -> Bool {
        switch value {
        case .integer, .string: return true
        case let .number(number): return number.rounded() == number
        default: return false
        }
    }
}
