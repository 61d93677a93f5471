/// One server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// `event:` field; `message` when the event named none (the WHATWG default).
    public var name: String
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The last `id:` field seen, if any.
    public var id: String?

    public init(name: String, data: String, id: String? = nil) {
        self.name = name
        self.data = data
        self.id = id
    }
}

/// An incremental `text/event-stream` parser (WHATWG HTML §9.2.6): bytes go in as they arrive,
/// in chunks split anywhere; complete events come out.
///
/// Lines end in `\n`, `\r\n` or `\r` (a `\r` at the end of a chunk waits for the next chunk to
/// know whether a `\n` follows); a blank line dispatches; lines starting with `:` are comments;
/// one space after `field:` is stripped; several `data` lines are joined with `\n`; an event
/// without data is not dispatched; unknown fields are ignored.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var pendingCR = false
    private var eventName = ""
    private var dataLines: [String] = []
    private var hasData = false
    private var lastID: String?
    private var started = false

    public init() {}

    /// Feeds bytes; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0D:
                pendingCR = true
                if let event = endLine() { events.append(event) }
            case 0x0A:
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream. Per the specification an incomplete event (no blank line yet) is dropped.
    public mutating func finish() -> [SSEEvent] {
        line = []
        eventName = ""
        dataLines = []
        hasData = false
        return []
    }

    private mutating func endLine() -> SSEEvent? {
        var bytes = line
        line = []
        // A UTF-8 byte order mark may start the stream; it is not part of the first field.
        if !started {
            started = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        if bytes.isEmpty { return dispatch() }
        if bytes.first == UInt8(ascii: ":") { return nil }
        let field: String, value: String
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: bytes[..<colon], as: UTF8.self)
            var rest = bytes[(colon + 1)...]
            if rest.first == 0x20 { rest = rest.dropFirst() }
            value = String(decoding: rest, as: UTF8.self)
        } else {
            field = String(decoding: bytes, as: UTF8.self)
            value = ""
        }
        switch field {
        case "event": eventName = value
        case "data":
            dataLines.append(value)
            hasData = true
        case "id" where !value.contains("\0"): lastID = value
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            eventName = ""
            dataLines = []
            hasData = false
        }
        guard hasData else { return nil }
        return SSEEvent(name: eventName.isEmpty ? "message" : eventName, data: dataLines.joined(separator: "\n"), id: lastID)
    }
}
