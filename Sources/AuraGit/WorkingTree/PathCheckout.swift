#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Repository {
    /// Writes `paths` of `tree` into the working tree (deleting those absent from `tree`),
    /// without touching the index.
    ///
    /// `baseline` is the tree believed to be on disk for those paths. Unless `force` is set,
    /// a path whose file matches neither `baseline` nor `tree` makes the call fail with
    /// `GitError.checkoutConflict` before anything is written: the user's edits are never
    /// overwritten silently. Paths already holding `tree`'s content are left alone, so an
    /// interrupted call can simply be repeated.
    ///
    /// Each file is replaced atomically (written to a temporary file, then renamed), so a
    /// process killed mid-way leaves every file either old or new. libgit2's
    /// `git_checkout_tree` truncates and rewrites in place, which a SIGKILL turns into an
    /// empty file; hence this writer. Filters from `.gitattributes` (eol, ident) are applied.
    public func checkout(paths: [String], from tree: ObjectID, baseline: ObjectID, force: Bool = false) throws {
        var writes: [(path: String, target: TreeEntry?)] = []
        var conflicts: [String] = []
        for path in paths {
            try Self.validateRelativePath(path)
            let target = try entry(at: path, inTree: tree)
            let onDisk = try workingTreeFile(at: path)
            if try workingTreeFile(onDisk, matches: target) { continue }
            if try !force && !workingTreeFile(onDisk, matches: entry(at: path, inTree: baseline)) { conflicts.append(path) }
            writes.append((path, target))
        }
        if !conflicts.isEmpty { throw GitError.checkoutConflict(paths: conflicts) }
        if writes.isEmpty { return }
        let scratch = try scratchDirectory()
        for (path, target) in writes {
            if let target {
                try writeFile(path, from: target, scratch: scratch)
            } else {
                try removeFile(path)
            }
        }
    }

    /// Refuses paths that could escape the working tree or reach into `.git`.
    public static func validateRelativePath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
            parts.first.map({ $0.lowercased() != ".git" }) ?? false
        else { throw GitError.unsafePath(path) }
    }

    /// `<git dir>/aura/tmp/`, emptied of leftovers from killed processes (older than a minute).
    private func scratchDirectory() throws -> String {
        let directory = gitDirectory + "aura/tmp/"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cutoff = Date().addingTimeInterval(-60)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + name)
            if let modified = attributes?[.modificationDate] as? Date, modified < cutoff {
                try? FileManager.default.removeItem(atPath: directory + name)
            }
        }
        return directory
    }

    private func writeFile(_ path: String, from entry: TreeEntry, scratch: String) throws {
        let destination = workingDirectory + path
        let parent = parentDirectory(of: destination)
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let temporary = scratch + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if entry.mode == .symlink {
            let target = String(decoding: try blobContent(entry.id), as: UTF8.self)
            guard symlink(target, temporary) == 0 else { throw Self.posixError("symlink", path) }
        } else {
            let bytes = try filteredContent(entry.id, path: path)
            let descriptor = openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, entry.mode == .executable ? 0o777 : 0o666)
            guard descriptor >= 0 else { throw Self.posixError("open", path) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                guard written > 0 else {
                    close(descriptor)
                    unlink(temporary)
                    throw Self.posixError("write", path)
                }
                offset += written
            }
            fsync(descriptor)
            close(descriptor)
        }
        if rename(temporary, destination) != 0 {
            // A git dir on another file system (GIT_DIR elsewhere): fall back to a sibling temp file.
            if errno == EXDEV {
                let sibling = parent + "/.aura-tmp-\(getpid())"
                unlink(sibling)
                if (try? FileManager.default.copyItem(atPath: temporary, toPath: sibling)) != nil, rename(sibling, destination) == 0 {
                    unlink(temporary)
                    return
                }
            }
            unlink(temporary)
            throw Self.posixError("rename", path)
        }
    }

    private func removeFile(_ path: String) throws {
        var fullPath = workingDirectory + path
        if unlink(fullPath) != 0 && errno != ENOENT { throw Self.posixError("unlink", path) }
        // Like git, drop directories the removal left empty (rmdir fails on non-empty ones).
        while true {
            fullPath = parentDirectory(of: fullPath)
            guard fullPath.count > workingDirectory.count - 1, rmdir(fullPath) == 0 else { break }
        }
    }

    /// A blob's content as checkout would write it (`.gitattributes` smudge filters applied).
    private func filteredContent(_ id: ObjectID, path: String) throws -> [UInt8] {
        var oid = id.oid
        var blob: OpaquePointer?
        try LibGit2.check(git_blob_lookup(&blob, try filterHandle().pointer, &oid), "git_blob_lookup(\(id.short))")
        defer { git_blob_free(blob) }
        var options = git_blob_filter_options()
        try LibGit2.check(git_blob_filter_options_init(&options, UInt32(GIT_BLOB_FILTER_OPTIONS_VERSION)), "git_blob_filter_options_init")
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try LibGit2.check(git_blob_filter(&buffer, blob, path, &options), "git_blob_filter(\(path))")
        guard buffer.size > 0, let raw = buffer.ptr else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: buffer.size))
    }

    private static func posixError(_ call: String, _ path: String) -> GitError {
        .libgit2(LibGit2Failure(operation: "\(call)(\(path))", code: -1, errorClass: 0, message: String(cString: strerror(errno))))
    }
}

/// `open(2)`; a free function because `Repository.open(at:)` shadows it inside the type.
private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags, mode)
    #else
    return Darwin.open(path, flags, mode)
    #endif
}

/// `/a/b/c` -> `/a/b`.
private func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
