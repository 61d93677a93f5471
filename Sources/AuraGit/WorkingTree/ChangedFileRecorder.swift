#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

/// Puts a changed working-tree file into an in-memory index, as `git_index_add_bypath` does,
/// but without a temporary file for content the object database already has.
///
/// For a file without filters libgit2 streams it into a temporary object file before it knows
/// the id, and only then finds the object exists (a file creation per changed file, ~1 ms on
/// this machine's ext4). Here a regular file is read (through its clean filters, exactly as
/// libgit2 reads it for a blob) and written with `git_odb_write`, which first
/// freshens an existing object (`git_blob_create_from_buffer` would stream through a temporary
/// file too) — as git does, so a concurrent `git gc` cannot prune it before
/// the snapshot commit references it — and writes only new content. The index entry's mode
/// follows libgit2's rules for `core.fileMode` and `core.symlinks` (the index capabilities).
/// Symlinks, gitlinks, and files above `bufferLimit` go through `git_index_add_bypath`.
struct ChangedFileRecorder {
    let repository: Repository
    let index: OpaquePointer
    /// Larger files are streamed by libgit2 rather than held in memory.
    static let bufferLimit = 16 << 20

    func add(_ path: UnsafePointer<CChar>) throws {
        let relative = String(cString: path)
        let full = repository.workingDirectory + relative
        var info = stat()
        guard lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= Self.bufferLimit,
              let content = try filteredContent(relative, full) else {
            try LibGit2.check(git_index_add_bypath(index, path), "git_index_add_bypath(\(relative))")
            return
        }
        var entry = git_index_entry()
        var odb: OpaquePointer?
        try LibGit2.check(git_repository_odb(&odb, repository.pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        try content.withUnsafeBytes { bytes in
            try LibGit2.check(git_odb_write(&entry.id, odb, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB),
                              "git_odb_write(\(relative))")
        }
        entry.mode = mode(for: info.st_mode, existing: git_index_get_bypath(index, path, 0))
        entry.file_size = UInt32(truncatingIfNeeded: info.st_size)
        entry.dev = UInt32(truncatingIfNeeded: info.st_dev)
        entry.ino = UInt32(truncatingIfNeeded: info.st_ino)
        entry.uid = info.st_uid
        entry.gid = info.st_gid
        entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_mtim.tv_sec), nanoseconds: UInt32(info.st_mtim.tv_nsec))
        entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_ctim.tv_sec), nanoseconds: UInt32(info.st_ctim.tv_nsec))
        entry.path = path
        // git_index_add_bypath also resolves a conflict on the path; so does this.
        _ = git_index_conflict_remove(index, path)
        try LibGit2.check(git_index_add(index, &entry), "git_index_add(\(relative))")
    }

    /// The bytes libgit2 would store for the file: its clean filters applied (CRLF, ident,
    /// filter drivers), or the file as it is when none apply. Nil when it is no longer a
    /// regular file (replaced since `lstat`): libgit2 then decides.
    private func filteredContent(_ relative: String, _ full: String) throws -> [UInt8]? {
        var filters: OpaquePointer?
        try LibGit2.check(git_filter_list_load(&filters, repository.pointer, nil, relative, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT.rawValue),
                          "git_filter_list_load(\(relative))")
        defer { git_filter_list_free(filters) }
        if let filters {
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            try LibGit2.check(git_filter_list_apply_to_file(&buffer, filters, repository.pointer, relative),
                              "git_filter_list_apply_to_file(\(relative))")
            guard let bytes = buffer.ptr else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: buffer.size))
        }
        let descriptor = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var content: [UInt8] = []
        content.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let failure = errno
                // A libgit2-style failure, so a file changing under the scan is retried like one.
                throw GitError.libgit2(LibGit2Failure(operation: "read(\(relative))", code: -1, errorClass: 0,
                                                      message: "failed to read file: " + String(cString: strerror(failure)), osErrno: failure))
            }
            if count == 0 { return content }
            content += chunk[0..<count]
        }
    }

    /// libgit2's mode for a regular file added by path: the executable bit when the index
    /// trusts file modes (else the existing entry's mode, or 100644), and an existing symlink's
    /// mode kept where the index does not trust symlinks.
    private func mode(for statMode: mode_t, existing: UnsafePointer<git_index_entry>?) -> UInt32 {
        let capabilities = git_index_caps(index)
        let trustsFileMode = capabilities & Int32(GIT_INDEX_CAPABILITY_NO_FILEMODE.rawValue) == 0
        let trustsSymlinks = capabilities & Int32(GIT_INDEX_CAPABILITY_NO_SYMLINKS.rawValue) == 0
        let blob = UInt32(GIT_FILEMODE_BLOB.rawValue), executable = UInt32(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
        let canonical = trustsFileMode && statMode & 0o100 != 0 ? executable : blob
        guard let existing else { return canonical }
        // The type bits of a git mode (S_IFMT): 0o120000 symlink, 0o100000 regular file.
        let existingType = existing.pointee.mode & 0o170000
        if !trustsSymlinks, existingType == 0o120000 { return existing.pointee.mode }
        if !trustsFileMode { return existingType == 0o100000 ? existing.pointee.mode : blob }
        return canonical
    }
}
