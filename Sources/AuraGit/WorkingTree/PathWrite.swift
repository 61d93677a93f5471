#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
// FoundationEssentials, not Foundation: the full module loads ICU, ~5 ms of startup per command.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One path of a checkout: re-check, swap, verify (see `checkoutReporting`).
extension Repository {
    /// Replaces (or, for a nil `target`, removes) the working-tree file at `path`, provided
    /// what is there right before the swap is accepted by `accept`.
    func replacePath(
        _ path: String, with target: TreeEntry?, accept: (TreeEntry?) throws -> Bool, scratch: String, asides: inout [AsideFile]
    ) throws -> ReplaceOutcome {
        let destination = workingDirectory + path
        try makeParentDirectories(of: path)
        // Open the file about to be displaced before checking it: a write into it after the
        // check is then visible on the descriptor (see FileReplacement).
        let held = openFile(destination, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0)
        defer { if held >= 0 { close(held) } }
        var expected: FileIdentity?
        if held >= 0 {
            var info = stat()
            guard fstat(held, &info) == 0 else { throw FileReplacement.posixError("fstat", path) }
            expected = FileIdentity(info)
        } else {
            expected = FileIdentity(atPath: destination)   // a link, or nothing
        }
        if expected?.isDirectory == true { throw GitError.checkoutConflict(paths: [path]) }
        // Re-check under the caller's lock, immediately before the replace. A file that
        // changes while it is hashed is being written by someone: theirs wins.
        let onDisk: TreeEntry?
        do { onDisk = try workingTreeFile(at: path) } catch { return .raced }
        if try workingTreeFile(onDisk, matches: target) { return .replaced }
        guard try accept(onDisk), FileIdentity(atPath: destination) == expected else { return .raced }

        let temporary = try temporaryPath(near: destination, scratch: scratch)
        if let target {
            try writeTemporary(temporary, for: target, path: path, replacing: expected)
            // What goes on disk must hash to exactly what the operation recorded. Checked on the
            // new file before it is swapped in: once in place, the user may edit it at once.
            let prepared = try fileEntry(atAbsolutePath: temporary, as: path)
            guard try workingTreeFile(prepared, matches: target) else {
                unlink(temporary)
                throw GitError.writeMismatch(path: path, expected: target.id, actual: prepared?.id)
            }
            return try FileReplacement.replace(destination, with: temporary, expected: expected, heldOpen: held, asides: &asides, path: path)
        }
        guard let expected else { return .replaced }
        let outcome = try FileReplacement.remove(destination, expected: expected, aside: temporary, asides: &asides, path: path)
        if outcome == .replaced { removeEmptyParents(of: destination) }
        return outcome
    }

    /// How long a writer that opened a file before it was swapped out gets to finish its write
    /// before the last look at the displaced inode (found by the long torture run: an appender
    /// between its `open` and its `write` lost one line in 1,000 rounds).
    static let lateWriteGrace: UInt32 = 2_000

    /// Deletes the files a checkout took out of the working tree. One written to since it was
    /// set aside (a process had it open across the swap) is not lost: its bytes are stored as
    /// a blob and returned, for the caller to commit.
    ///
    /// Each file is opened, then unlinked — from then on no new writer can reach it, and one
    /// that opened it before the swap writes into the inode held here — and looked at only
    /// after a short grace period for such a write to land.
    func release(_ asides: [AsideFile]) -> [DisplacedWrite] {
        let held = asides.map { ($0, openFile($0.location, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0)) }
        for (aside, _) in held { unlink(aside.location) }
        if !held.isEmpty { usleep(Self.lateWriteGrace) }
        var displaced: [DisplacedWrite] = []
        for (aside, descriptor) in held where descriptor >= 0 {
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, FileIdentity(info) != aside.identity,
                  let bytes = Self.readAll(descriptor), let blob = try? writeBlob(bytes) else { continue }
            displaced.append(DisplacedWrite(path: aside.path, blob: blob, bytes: bytes))
        }
        return displaced
    }

    /// The whole content behind `descriptor`, from its start.
    static func readAll(_ descriptor: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 { if errno == EINTR { continue }; return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            offset += off_t(count)
        }
    }

    /// The first component of `path`'s parent directories that is a symbolic link, relative
    /// to the working tree (nil when there is none). Writing below it would follow the link.
    public func linkedParent(of path: String) -> String? {
        var current = ""
        for component in path.split(separator: "/").dropLast() {
            current += current.isEmpty ? String(component) : "/" + component
            var info = stat()
            guard lstat(workingDirectory + current, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK { return current }
        }
        return nil
    }

    /// Creates missing parent directories one component at a time, never through a link.
    private func makeParentDirectories(of path: String) throws {
        var current = ""
        for component in path.split(separator: "/").dropLast() {
            current += current.isEmpty ? String(component) : "/" + component
            var info = stat()
            if lstat(workingDirectory + current, &info) != 0 {
                guard mkdir(workingDirectory + current, 0o777) == 0 || errno == EEXIST else {
                    throw FileReplacement.posixError("mkdir", current)
                }
                guard lstat(workingDirectory + current, &info) == 0 else { throw FileReplacement.posixError("lstat", current) }
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFLNK: throw GitError.symlinkInPath(path: path, link: current)
            default: throw GitError.checkoutConflict(paths: [path])   // a file where a directory belongs
            }
        }
    }

    /// A fresh temporary name on the destination's file system: in `<git dir>/aura/tmp/`, or
    /// beside the destination when the git directory lives on another file system (GIT_DIR).
    private func temporaryPath(near destination: String, scratch: String) throws -> String {
        let name = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var scratchInfo = stat(), parentInfo = stat()
        if stat(scratch, &scratchInfo) == 0, stat(parentDirectory(of: destination), &parentInfo) == 0,
            scratchInfo.st_dev != parentInfo.st_dev {
            return parentDirectory(of: destination) + "/.aura-tmp-" + name
        }
        return scratch + name
    }

    /// Writes `target`'s content to `temporary`: a link, or a file with the permission bits of
    /// the file it replaces (executable bit from the tree), else the umask's defaults.
    private func writeTemporary(_ temporary: String, for target: TreeEntry, path: String, replacing old: FileIdentity?) throws {
        if target.mode == .symlink {
            let linkTarget = String(decoding: try blobContent(target.id), as: UTF8.self)
            guard symlink(linkTarget, temporary) == 0 else { throw FileReplacement.posixError("symlink", path) }
            return
        }
        let executable = target.mode == .executable
        var permissions: mode_t?
        if let old, old.isRegularFile {
            let bits = old.permissions & 0o7666
            // Like chmod +x as git does it: execute wherever read is allowed.
            permissions = executable ? bits | ((bits & 0o444) >> 2) : bits
        }
        try FileReplacement.writeNewFile(temporary, bytes: try filteredContent(target.id, path: path),
                                         permissions: permissions, executable: executable)
    }

    /// Like git, drops directories a removal left empty (rmdir fails on non-empty ones).
    private func removeEmptyParents(of fullPath: String) {
        var current = fullPath
        while true {
            current = parentDirectory(of: current)
            guard current.count > workingDirectory.count - 1, rmdir(current) == 0 else { break }
        }
    }

    /// A blob's content as checkout writes it: `.gitattributes` smudge filters applied to
    /// text; binary content (a NUL byte in the first 8000 bytes) left alone by the filters
    /// themselves, as git does. libgit2's default `CHECK_FOR_BINARY` flag would instead
    /// return an empty buffer for binary blobs — the cause of 0-byte PNGs.
    func filteredContent(_ id: ObjectID, path: String) throws -> [UInt8] {
        var oid = id.oid
        var blob: OpaquePointer?
        try LibGit2.check(git_blob_lookup(&blob, try filterHandle().pointer, &oid), "git_blob_lookup(\(id.short))")
        defer { git_blob_free(blob) }
        if git_blob_is_binary(blob) != 0 {
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
            return Array(UnsafeRawBufferPointer(start: raw, count: size))
        }
        var options = git_blob_filter_options()
        try LibGit2.check(git_blob_filter_options_init(&options, UInt32(GIT_BLOB_FILTER_OPTIONS_VERSION)), "git_blob_filter_options_init")
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try LibGit2.check(git_blob_filter(&buffer, blob, path, &options), "git_blob_filter(\(path))")
        guard buffer.size > 0, let raw = buffer.ptr else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: buffer.size))
    }

    /// `<git dir>/aura/tmp/`, emptied of leftovers from killed processes.
    func scratchDirectory() throws -> String {
        let directory = gitDirectory + "aura/tmp/"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for leftover in scratchLeftovers() { removeLeftover(directory + leftover) }
        return directory
    }

    /// Names in `<git dir>/aura/tmp/` left by processes that no longer run (each name starts
    /// with its writer's pid), or older than `age` seconds: `git aura doctor` reports them.
    /// Their content is always also in a commit (the state being replaced is committed before
    /// any write), so removing them loses nothing.
    public func scratchLeftovers(olderThan age: Double = 600) -> [String] {
        let directory = gitDirectory + "aura/tmp/"
        let cutoff = Date().addingTimeInterval(-age).timeIntervalSince1970
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { name in
            if let pid = Int32(name.prefix { $0 != "-" }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { return true }
            var info = stat()
            guard lstat(directory + name, &info) == 0 else { return false }
            // ctime, not mtime: a renamed-aside file keeps its (maybe ancient) mtime.
            return Double(info.st_ctim.tv_sec) < cutoff
        }.sorted()
    }

    /// Removes one leftover of `<git dir>/aura/tmp/` (a file, link or directory).
    public func removeLeftover(_ path: String) {
        if unlink(path) != 0 { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// `/a/b/c` -> `/a/b`.
func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
