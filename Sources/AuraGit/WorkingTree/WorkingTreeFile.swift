#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

extension Repository {
    /// The blob id the working-tree file at `path` would get if added (clean filters applied),
    /// or nil when there is no regular file or link there.
    public func workingTreeBlobID(at path: String) throws -> ObjectID? {
        try workingTreeFile(at: path)?.id
    }

    /// The blob id and mode the working-tree file at `path` would get if added, or nil when
    /// there is no regular file or symbolic link there. Below a parent that is a symbolic link
    /// there is nothing, as for git: the file seen through the link lies outside the tree.
    public func workingTreeFile(at path: String) throws -> TreeEntry? {
        if path.contains("/"), linkedParent(of: path) != nil { return nil }
        return try fileEntry(atAbsolutePath: workingDirectory + path, as: path)
    }

    /// The blob id and mode the file at `fullPath` would get if added as `path` (the path's
    /// `.gitattributes` filters apply), or nil when it is no regular file or link.
    func fileEntry(atAbsolutePath fullPath: String, as path: String) throws -> TreeEntry? {
        var info = stat()
        guard lstat(fullPath, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFLNK {
            var buffer = [CChar](repeating: 0, count: 4097)
            let length = readlink(fullPath, &buffer, 4096)
            guard length >= 0 else { return nil }
            let id = ObjectID.hashing(buffer.prefix(length).map { UInt8(bitPattern: $0) })
            return TreeEntry(path: path, id: id, mode: .symlink)
        }
        guard kind == S_IFREG else { return nil }
        var oid = git_oid()
        try LibGit2.check(
            git_repository_hashfile(&oid, try filterHandle().pointer, fullPath, GIT_OBJECT_BLOB, path),
            "git_repository_hashfile(\(path))")
        return TreeEntry(path: path, id: ObjectID(oid), mode: info.st_mode & S_IXUSR != 0 ? .executable : .regular)
    }

    /// `workingTreeFile(at:)`, retried a few times when the file changes while it is hashed
    /// (libgit2 then fails with "error reading file for hashing").
    public func settledWorkingTreeFile(at path: String) throws -> TreeEntry? {
        var attempt = 0
        while true {
            do {
                return try workingTreeFile(at: path)
            } catch let error as GitError where error.libgit2Code != nil && attempt < 4 {
                attempt += 1
                usleep(UInt32(2_000 * attempt))
            }
        }
    }

    /// Whether the file on disk (`file`) holds what `entry` describes: same content and kind,
    /// and the same executable bit unless `core.fileMode` is false. Both nil (absent) match.
    public func workingTreeFile(_ file: TreeEntry?, matches entry: TreeEntry?) throws -> Bool {
        guard let file, let entry else { return file == nil && entry == nil }
        guard file.id == entry.id else { return false }
        if file.mode == entry.mode { return true }
        let bothRegular = [FileMode.regular, .executable].contains(file.mode) && [FileMode.regular, .executable].contains(entry.mode)
        return try bothRegular && !executableBitMatters()
    }

    /// `core.fileMode` (default true): whether the executable bit is tracked.
    func executableBitMatters() throws -> Bool {
        if let known = executableBitMattersStorage { return known }
        let matters = try GitConfig(repository: self, environment: [:]).bool("core.filemode") ?? true
        executableBitMattersStorage = matters
        return matters
    }
}
