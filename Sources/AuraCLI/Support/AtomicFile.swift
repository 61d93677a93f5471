#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replacing a file so that a reader sees the old bytes or the new ones, never a mixture: the
/// new text goes to a temporary file in the same directory (same filesystem), takes the old
/// file's permission bits, is flushed, then renamed over the old name.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func replace(_ given: String, with bytes: [UInt8]) throws {
        // Through a symbolic link, the file it names is replaced and the link kept.
        var path = given
        if let resolved = realpath(given, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((directory + "/." + name + ".aura-fmt-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer { if !ok { unlink(temporary) } }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                throw Failure(description: reason)
            }
            offset += written
        }
        guard fchmod(fd, info.st_mode & 0o7777) == 0, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: reason)
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
        ok = true
    }
}

/// All of standard input, as bytes.
enum StandardInput {
    static func readAll() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in read(0, raw.baseAddress, raw.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }
}
