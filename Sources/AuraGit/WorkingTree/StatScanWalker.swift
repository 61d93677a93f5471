#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a stat scan found: the index entries whose files may have changed or are gone, and
/// the names on disk the index does not have (whose ignore rules the calling thread checks).
struct StatScanFindings {
    /// Entries whose file is there but whose stat data differs (or cannot be trusted: the entry
    /// is racily clean): their content is hashed again.
    var modified: [Int] = []
    /// Entries whose file or symlink is no longer there (as such: a directory now, or nothing).
    var removed: [Range<Int>] = []
    /// Names on disk without an index entry, not yet checked against the ignore rules.
    var untracked: [UntrackedName] = []

    mutating func append(_ other: StatScanFindings) {
        modified += other.modified
        removed += other.removed
        untracked += other.untracked
    }
}

/// A file, symlink or directory on disk that the index does not track.
struct UntrackedName {
    /// Relative to the working tree, `/`-separated, no trailing slash.
    var path: [UInt8]
    var isDirectory: Bool
}

/// The scan met something it does not decide the way libgit2 does (a repository nested in a
/// tracked directory, a name changing type under it): libgit2's own diff then scans instead.
struct StatScanUnsupported: Error {
    let reason: String
}

/// One thread's walk of part of the working tree against the index's stat cache, git's
/// `refresh_index` and untracked-file walk in one: every directory is listed once, every name in
/// it matched with the index entries at that level (both sorted by bytes), and a tracked file's
/// stat data is read relative to its directory's descriptor (`fstatat`: no path walk from the
/// root for each of the ten thousand files).
///
/// A file counts as unchanged exactly when libgit2's diff trusts its stat data (`maybe_modified`
/// in libgit2's diff_generate.c): same type and executable bit (where `core.fileMode` trusts
/// it), size, mtime to the nanosecond, ctime unless `core.trustctime` is off, inode and owner,
/// and an entry older than the index file (else it is racily clean and hashed again, as git
/// does). Anything else is reported as modified and hashed: content that turns out the same
/// gives the same tree.
struct StatScanWalker {
    /// The stat rules a scan applies, shared by all its walkers.
    struct Rules: Sendable {
        /// The index file's mtime when it was read, nil when there is no index file (then it
        /// has no entries either).
        var indexTime: (seconds: Int32, nanoseconds: UInt32)?
        var trustsFileMode: Bool
        var trustsCtime: Bool
    }

    let cache: IndexStatCache
    let rules: Rules
    private(set) var findings = StatScanFindings()

    init(cache: IndexStatCache, rules: Rules) {
        self.cache = cache
        self.rules = rules
    }

    /// Scans `path` (a name a `WorkingTreePartition` piece holds, relative to `root`), whatever
    /// it is on disk and in the index.
    mutating func visit(_ path: String, root: Int32) throws {
        var name = Array(path.utf8)
        var exact: Int?
        var below: Range<Int> = 0..<0
        name.withUnsafeBytes { exact = cache.position(of: $0) }
        name.append(0x2F)
        name.withUnsafeBytes { below = cache.positions(below: $0, in: cache.entries.indices) }
        name[name.count - 1] = 0
        try visit(parent: root, name: name, prefix: [], exact: exact, below: below, type: UInt8(DT_UNKNOWN))
    }

    /// Lists the directory open on `descriptor` (taken over and closed) whose path is `prefix`
    /// (empty for the root, else ending in `/`) and matches its names with the index entries at
    /// `range` (those below `prefix`).
    mutating func walk(directory descriptor: Int32, prefix: [UInt8], range: Range<Int>) throws {
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            throw StatScanUnsupported(reason: "cannot list \(String(decoding: prefix, as: UTF8.self))")
        }
        defer { closedir(stream) }
        var names: [(name: [UInt8], type: UInt8)] = []
        var holdsRepository = false
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let item = readdir(stream) {
            let cName = UnsafeRawPointer(item).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let length = strlen(cName)
            // ".", ".." and ".git" (never part of a tree, at any level).
            if cName[0] == 0x2E && (length == 1 || (length == 2 && cName[1] == 0x2E)) { continue }
            if length == 4 && strcmp(cName, ".git") == 0 {
                holdsRepository = !prefix.isEmpty
                continue
            }
            // Kept with the terminating NUL: the name is passed to fstatat and openat as it is.
            names.append((Array(UnsafeRawBufferPointer(start: cName, count: length + 1)), item.pointee.d_type))
        }
        if holdsRepository {
            // An untracked repository inside the working tree: its files are its own (as with
            // libgit2's scan, which reports it as one name that the snapshot leaves out).
            if range.isEmpty { return }
            throw StatScanUnsupported(reason: "a repository inside the tracked directory \(String(decoding: prefix, as: UTF8.self))")
        }
        names.sort { Self.compare($0.name, $1.name) < 0 }
        let components = indexComponents(prefix: prefix.count, range: range)

        var onDisk = 0, inIndex = 0
        while onDisk < names.count || inIndex < components.count {
            let order: Int
            if onDisk == names.count { order = 1 } else if inIndex == components.count { order = -1 } else {
                order = names[onDisk].name.withUnsafeBytes {
                    IndexStatCache.compare(UnsafeRawBufferPointer(rebasing: $0.dropLast()), components[inIndex].name)
                }
            }
            if order > 0 {
                // In the index only: gone from disk.
                let component = components[inIndex]
                if let exact = component.exact { findings.removed.append(exact..<exact + 1) }
                if !component.below.isEmpty { findings.removed.append(component.below) }
                inIndex += 1
                continue
            }
            let (name, type) = names[onDisk]
            let component = order == 0 ? components[inIndex] : nil
            try visit(parent: dirfd(stream), name: name, prefix: prefix, exact: component?.exact,
                      below: component?.below ?? 0..<0, type: type)
            onDisk += 1
            if order == 0 { inIndex += 1 }
        }
    }

    /// One name at an index level: the entry for exactly it, and the entries below it as a directory.
    private struct Component {
        var name: UnsafeRawBufferPointer
        var exact: Int?
        var below: Range<Int>
    }

    /// The next path components of the entries at `range` after their first `prefix` bytes, in
    /// byte order, one per name (a name that is both an entry and a directory of entries, as
    /// a corrupt index could hold, is one component with both).
    private func indexComponents(prefix: Int, range: Range<Int>) -> [Component] {
        var components: [Component] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let bytes = cache.entries[position].bytes
            let rest = UnsafeRawBufferPointer(rebasing: bytes[prefix...])
            if let slash = rest.firstIndex(of: 0x2F) {
                let directory = UnsafeRawBufferPointer(rebasing: bytes[..<(prefix + slash + 1)])
                let below = cache.positions(below: directory, in: position..<range.upperBound)
                components.append(Component(name: UnsafeRawBufferPointer(rebasing: rest[..<slash]), exact: nil, below: below))
                position = below.upperBound
            } else {
                components.append(Component(name: rest, exact: position, below: 0..<0))
                position += 1
            }
        }
        // A file sorts before its own directory's entries only by accident of the bytes that
        // follow (`a` < `a-b` < `a/c`): sort by name, then join a name that appears twice.
        components.sort { IndexStatCache.compare($0.name, $1.name) < 0 }
        var joined: [Component] = []
        joined.reserveCapacity(components.count)
        for component in components {
            if let last = joined.last, IndexStatCache.compare(last.name, component.name) == 0 {
                joined[joined.count - 1].exact = last.exact ?? component.exact
                joined[joined.count - 1].below = last.below.isEmpty ? component.below : last.below
            } else {
                joined.append(component)
            }
        }
        return joined
    }

    /// What `name` (NUL-terminated, relative to the directory open on `parent`) is on disk,
    /// decided against the entry for exactly it (`exact`) and the entries below it (`below`).
    private mutating func visit(parent: Int32, name: [UInt8], prefix: [UInt8], exact: Int?, below: Range<Int>, type: UInt8) throws {
        var info = stat()
        var fileType: mode_t
        if exact != nil || type == UInt8(DT_UNKNOWN) {
            if fstatat(parent, name.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self) },
                       &info, AT_SYMLINK_NOFOLLOW) != 0 {
                guard errno == ENOENT || errno == ENOTDIR else {
                    throw StatScanUnsupported(reason: "cannot stat \(display(prefix, name)): \(String(cString: strerror(errno)))")
                }
                fileType = 0
            } else {
                fileType = info.st_mode & S_IFMT
            }
        } else {
            switch Int32(type) {
            case Int32(DT_DIR): fileType = S_IFDIR
            case Int32(DT_REG): fileType = S_IFREG
            case Int32(DT_LNK): fileType = S_IFLNK
            default: fileType = 0
            }
        }
        switch fileType {
        case S_IFDIR:
            if let exact { findings.removed.append(exact..<exact + 1) }
            if below.isEmpty {
                findings.untracked.append(UntrackedName(path: prefix + name.dropLast(), isDirectory: true))
                return
            }
            let child = name.withUnsafeBufferPointer {
                openat(parent, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self),
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard child >= 0 else {
                if errno == ENOENT { findings.removed.append(below); return }
                throw StatScanUnsupported(reason: "cannot open \(display(prefix, name)): \(String(cString: strerror(errno)))")
            }
            try walk(directory: child, prefix: prefix + name.dropLast() + [0x2F], range: below)
        case S_IFREG, S_IFLNK:
            if let exact {
                if !isUnchanged(cache.entries[exact], info) { findings.modified.append(exact) }
            } else {
                findings.untracked.append(UntrackedName(path: prefix + name.dropLast(), isDirectory: false))
            }
            if !below.isEmpty { findings.removed.append(below) }
        default:
            // Nothing there, or a fifo, socket or device: libgit2 skips those, so their
            // entries count as deleted and untracked ones as absent.
            if let exact { findings.removed.append(exact..<exact + 1) }
            if !below.isEmpty { findings.removed.append(below) }
        }
    }

    /// Whether `entry`'s stat data vouches for the file `info` describes (see the type's doc).
    private func isUnchanged(_ entry: IndexStatCache.Entry, _ info: stat) -> Bool {
        // libgit2's git_index_entry_newer_than_index: an entry not older than the index file
        // (to the nanosecond) may have been written again within the same tick.
        if let indexTime = rules.indexTime, entry.mtimeSeconds > indexTime.seconds
            || (entry.mtimeSeconds == indexTime.seconds && entry.mtimeNanoseconds >= indexTime.nanoseconds) {
            return false
        }
        switch entry.mode & 0o170000 {
        case 0o100000:
            guard info.st_mode & S_IFMT == S_IFREG else { return false }
            if rules.trustsFileMode, (entry.mode & 0o100 != 0) != (info.st_mode & 0o100 != 0) { return false }
        case 0o120000:
            guard info.st_mode & S_IFMT == S_IFLNK else { return false }
        default:
            return false
        }
        return entry.size == UInt32(truncatingIfNeeded: info.st_size)
            && entry.mtimeSeconds == Int32(truncatingIfNeeded: info.st_mtim.tv_sec)
            && entry.mtimeNanoseconds == UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)
            && (!rules.trustsCtime || (entry.ctimeSeconds == Int32(truncatingIfNeeded: info.st_ctim.tv_sec)
                && entry.ctimeNanoseconds == UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)))
            && entry.inode == UInt32(truncatingIfNeeded: info.st_ino)
            && entry.uid == info.st_uid && entry.gid == info.st_gid
    }

    private func display(_ prefix: [UInt8], _ name: [UInt8]) -> String {
        String(decoding: prefix + name.dropLast(), as: UTF8.self)
    }

    private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBytes { l in right.withUnsafeBytes { r in IndexStatCache.compare(l, r) } }
    }
}
