#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mkdir -p` for the tool's own state directories (`.git/aura/...`, hook directories).
public enum Directories {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates `path` and its missing parents; existing directories are fine.
    public static func make(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw Failure(description: "cannot create \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}
