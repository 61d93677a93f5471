#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

/// What a path held when it was checked: enough to tell afterwards whether anyone wrote to it
/// (or swapped another file in) between the check and the replace.
///
/// The change time is left out on purpose: renaming a file changes its ctime, and the
/// comparison is made after the file has been renamed aside.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let kind: mode_t
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
    let permissions: mode_t

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        kind = info.st_mode & S_IFMT
        size = Int64(info.st_size)
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        permissions = info.st_mode & 0o7777
    }

    /// `lstat` of `path` (links are not followed), nil when there is nothing there.
    init?(atPath path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    var isRegularFile: Bool { kind == S_IFREG }
    var isDirectory: Bool { kind == S_IFDIR }
}

/// How the replacement of one path ended.
enum ReplaceOutcome: Equatable {
    /// The new content is in place; what was there before is gone (it is in the baseline commit).
    case replaced
    /// Someone wrote to the path between the check and the replace: their bytes are back in
    /// place and the new content was dropped.
    case raced
}

/// A file taken out of the working tree by a replace and not yet deleted: it is released
/// (`Repository.release`) only once the whole checkout is done, so that a process that opened
/// it just before the swap and writes into it just after is still caught.
struct AsideFile {
    let path: String
    let location: String
    let identity: FileIdentity
}

/// Atomic, race-checked replacement of one working-tree file.
///
/// `renameat2(RENAME_EXCHANGE)` swaps the new file in and hands back the displaced one under
/// the temporary name, so it can be compared with what was checked: if it is not the same,
/// unmodified inode (an editor saved, a process appended), the two are swapped back and the
/// user's bytes stay. Where the call is unavailable a plain rename is used and a write into the
/// displaced inode is detected through a descriptor held open on it, then written back.
enum FileReplacement {
    static let renameNoReplace: UInt32 = 1
    static let renameExchange: UInt32 = 2

    /// Puts `temporary` at `destination`, provided `destination` is still `expected` (nil:
    /// absent). `heldOpen` is a read descriptor on the expected file (or -1), opened before the
    /// check that accepted it.
    static func replace(
        _ destination: String, with temporary: String, expected: FileIdentity?, heldOpen: Int32, asides: inout [AsideFile], path: String
    ) throws -> ReplaceOutcome {
        guard let expected else {
            if aura_renameat2(temporary, destination, renameNoReplace) == 0 { return .replaced }
            if errno == EEXIST {   // created in the window: theirs wins
                unlink(temporary)
                return .raced
            }
            guard errno == ENOSYS || errno == EINVAL else { throw posixError("rename", destination) }
            // No renameat2: link(2) also refuses to replace an existing name.
            if link(temporary, destination) == 0 {
                unlink(temporary)
                return .replaced
            }
            let code = errno
            unlink(temporary)
            if code == EEXIST { return .raced }
            errno = code
            throw posixError("link", destination)
        }
        let ours = FileIdentity(atPath: temporary)
        if aura_renameat2(temporary, destination, renameExchange) == 0 {
            // `temporary` now names the displaced file.
            if FileIdentity(atPath: temporary) == expected {
                asides.append(AsideFile(path: path, location: temporary, identity: expected))
                return .replaced
            }
            if aura_renameat2(temporary, destination, renameExchange) != 0 {
                throw posixError("rename (swapping the user's file back)", destination)
            }
            // Ours is aside now; someone may have written into it while it was in place.
            if let ours { asides.append(AsideFile(path: path, location: temporary, identity: ours)) } else { unlink(temporary) }
            return .raced
        }
        guard errno == ENOSYS || errno == EINVAL else { throw posixError("rename", destination) }
        guard FileIdentity(atPath: destination) == expected else {
            unlink(temporary)
            return .raced
        }
        guard rename(temporary, destination) == 0 else { throw posixError("rename", destination) }
        guard heldOpen >= 0 else { return .replaced }
        var info = stat()
        guard fstat(heldOpen, &info) == 0, FileIdentity(info) != expected else { return .replaced }
        // Written to after our check: put the user's bytes back.
        try writeBack(from: heldOpen, to: destination, permissions: info.st_mode & 0o7777, scratch: temporary + ".back")
        return .raced
    }

    /// Removes `destination`, provided it is still `expected`: it is first renamed aside to
    /// `aside`, compared, and renamed back when someone changed it in the window.
    static func remove(
        _ destination: String, expected: FileIdentity, aside: String, asides: inout [AsideFile], path: String
    ) throws -> ReplaceOutcome {
        guard rename(destination, aside) == 0 else {
            if errno == ENOENT { return .replaced }
            throw posixError("rename", destination)
        }
        if FileIdentity(atPath: aside) == expected {
            asides.append(AsideFile(path: path, location: aside, identity: expected))
            return .replaced
        }
        if aura_renameat2(aside, destination, renameNoReplace) != 0 && rename(aside, destination) != 0 {
            throw posixError("rename (putting the user's file back)", destination)
        }
        return .raced
    }

    /// Copies everything readable from `descriptor` into a new file renamed over `destination`.
    private static func writeBack(from descriptor: Int32, to destination: String, permissions: mode_t, scratch: String) throws {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            offset += off_t(count)
        }
        try writeNewFile(scratch, bytes: bytes, permissions: permissions)
        guard rename(scratch, destination) == 0 else { throw posixError("rename", destination) }
    }

    /// Creates `path` (which must not exist) holding `bytes`, synced, with `permissions`
    /// exactly (nil: 0666/0777 less the umask, as for any new file).
    static func writeNewFile(_ path: String, bytes: [UInt8], permissions: mode_t?, executable: Bool = false) throws {
        let descriptor = openFile(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0o777 : 0o666)
        guard descriptor >= 0 else { throw posixError("open", path) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else {
                let failure = posixError("write", path)
                close(descriptor)
                unlink(path)
                throw failure
            }
            offset += written
        }
        if let permissions { fchmod(descriptor, permissions) }
        fsync(descriptor)
        close(descriptor)
    }

    static func posixError(_ call: String, _ path: String) -> GitError {
        .libgit2(LibGit2Failure(operation: "\(call)(\(path))", code: -1, errorClass: 0, message: String(cString: strerror(errno))))
    }
}

/// `open(2)`; a free function because `Repository.open(at:)` shadows it inside the type.
func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags, mode)
    #else
    return Darwin.open(path, flags, mode)
    #endif
}
