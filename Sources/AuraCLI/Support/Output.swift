import AuraDiagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to stdout/stderr without buffering surprises.
enum Output {
    static func out(_ text: String) { write(1, text) }

    static func err(_ text: String) { write(2, text) }

    /// Plain write(2) loop: no stdio buffers to flush, no shared mutable globals.
    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if n < 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    static var environment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") { result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...]) }
            pointer += 1
        }
        return result
    }
}

/// A failure the user caused (bad path, unknown code): one clear line, exit 64.
struct UsageFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
