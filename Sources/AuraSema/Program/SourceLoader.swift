/// Where source files come from: the file system for `aura check`, the git object database for
/// the healer's in-memory verification. Paths are project-relative and `/`-separated.
public protocol SourceLoader {
    /// The file's bytes, or nil when it does not exist.
    func load(_ path: String) throws -> [UInt8]?
}

/// Reads from a directory on disk.
public struct FileSystemLoader: SourceLoader {
    public let root: String

    public init(root: String) { self.root = root }

    public func load(_ path: String) throws -> [UInt8]? {
        let full = path.hasPrefix("/") ? path : (root.isEmpty || root == "." ? path : root + "/" + path)
        return try FileReader.read(full)
    }
}

/// Serves files from memory (tests, and candidate trees built in memory).
public struct MemoryLoader: SourceLoader {
    public var files: [String: [UInt8]]

    public init(_ files: [String: String]) { self.files = files.mapValues { Array($0.utf8) } }
    public init(bytes: [String: [UInt8]]) { self.files = bytes }

    public func load(_ path: String) throws -> [UInt8]? { files[path] }
}

/// Why a file could not be read.
public struct SourceReadError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot read \(path): \(reason)" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal POSIX file reading (no Foundation: keeps `aura` quick to start).
public enum FileReader {
    public static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SourceReadError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw SourceReadError(path: path, reason: "it is a directory")
        }
        var result: [UInt8] = []
        result.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress, raw.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SourceReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }
}
