#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A random id kept in a file and made on first use (a worktree's, a clone's).
enum PersistentID {
    /// The id in `path`, creating the file (and its folder) when it is missing or empty.
    /// Two processes creating it at once agree: the file is linked into place, never replaced.
    static func read(orCreateAt path: String, seed: String) throws -> String {
        if let existing = stored(at: path) { return existing }
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        try Directories.make(folder)
        let id = ObjectID.hashing(Array("\(getpid()) \(UInt64.random(in: 0...UInt64.max)) \(seed)".utf8)).short
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((id + "\n").utf8)) else {
            throw Directories.Failure(description: "cannot write \(temporary)")
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            // Someone else made it first (EEXIST): theirs counts.
            if errno == EEXIST, let theirs = stored(at: path) { return theirs }
            throw Directories.Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return id
    }

    private static func stored(at path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let id = String(decoding: data, as: UTF8.self).filter { $0.isLetter || $0.isNumber }
        return id.isEmpty ? nil : id
    }
}
