import AuraJSON
#if canImport(Glibc)
import Glibc
#endif

/// One thing read from the client's stream.
enum IncomingMessage: Sendable {
    /// A well-formed JSON value (request, notification or response; `JSONRPC` tells which).
    case message(JSON)
    /// Framing or JSON that could not be read: answered with a parse error (id null), and the
    /// stream goes on with the next message.
    case malformed(String)
    /// The client closed the stream (or reading failed): the server stops.
    case end
}

/// Reads LSP base-protocol messages (`Content-Length` headers, a blank line, a JSON body) from a
/// file descriptor. Bounded: a header block over 8 KiB or a body over `maxBodyBytes` is refused
/// without buffering it, so a broken or hostile client cannot exhaust memory.
final class MessageReader {
    static let maxBodyBytes = 64 << 20
    static let maxHeaderBytes = 8 << 10

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The next message; `.end` once the stream is closed.
    func next() -> IncomingMessage {
        guard let header = readHeader() else { return .end }
        guard let length = header.contentLength else {
            return .malformed(header.problem ?? "a message header without Content-Length")
        }
        guard length <= Self.maxBodyBytes else {
            // Skip the body in pieces: the next message starts after it.
            guard skip(length) else { return .end }
            return .malformed("a message of \(length) bytes exceeds the \(Self.maxBodyBytes >> 20) MiB limit")
        }
        guard let body = read(length) else { return .end }
        do {
            return .message(try JSONParser.parse(body))
        } catch {
            return .malformed("\(error)")
        }
    }

    private struct Header {
        var contentLength: Int?
        var problem: String?
    }

    /// Reads header lines up to the blank line. Nil at end of stream.
    private func readHeader() -> Header? {
        var header = Header()
        var headerBytes = 0
        var sawLine = false
        while true {
            guard let line = readLine() else { return nil }
            headerBytes += line.count + 2
            if line.isEmpty {
                // Blank lines before any header (a client's stray CRLF) are skipped.
                if sawLine { return header }
                continue
            }
            sawLine = true
            if headerBytes > Self.maxHeaderBytes {
                header.problem = "a message header longer than \(Self.maxHeaderBytes) bytes"
                header.contentLength = nil
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else {
                header.problem = "a header line without `:`: \(text.prefix(80))"
                continue
            }
            let name = text[..<colon].trimmingSpaces.lowercased()
            let value = text[text.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                if let length = Int(value), length >= 0 { header.contentLength = length } else {
                    header.problem = "Content-Length `\(value.prefix(40))` is not a byte count"
                }
            }
        }
    }

    /// A line without its `\r\n` (a bare `\n` is accepted too). Nil at end of stream.
    private func readLine() -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            guard let byte = readByte() else { return line.isEmpty ? nil : line }
            if byte == 0x0A {
                if line.last == 0x0D { line.removeLast() }
                return line
            }
            if line.count <= Self.maxHeaderBytes { line.append(byte) }
        }
    }

    private func readByte() -> UInt8? {
        if position == buffer.count, !fill() { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    private func read(_ count: Int) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            if position == buffer.count, !fill() { return nil }
            let take = min(count - result.count, buffer.count - position)
            result.append(contentsOf: buffer[position..<position + take])
            position += take
        }
        return result
    }

    private func skip(_ count: Int) -> Bool {
        var left = count
        while left > 0 {
            if position == buffer.count, !fill() { return false }
            let take = min(left, buffer.count - position)
            position += take
            left -= take
        }
        return true
    }

    /// Refills the buffer with what the descriptor has (blocking). False at end of stream.
    private func fill() -> Bool {
        guard !atEnd else { return false }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer = Array(chunk[..<count])
                position = 0
                return true
            }
            if count < 0 && errno == EINTR { continue }
            atEnd = true
            return false
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
