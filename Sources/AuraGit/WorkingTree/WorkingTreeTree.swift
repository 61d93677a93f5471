#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

extension Repository {
    /// The tree of the working tree as it is now: tracked and untracked files, ignored files
    /// left out, sparse-checkout (skip-worktree) entries kept as they are in the index.
    ///
    /// The user's index file is read for its stat cache (so unchanged files are not re-hashed)
    /// but never written: the index lives in memory on a dedicated repository handle and is
    /// dropped afterwards (LIBGIT2.md, "Snapshot of the working tree"). An entry is trusted when
    /// its stat data (mode, size, mtime, ctime, inode, owner) matches and re-hashed when it is
    /// racily clean (modified no earlier than the index file was written), as git does: the
    /// stat scan (`StatScan`) applies libgit2's rule, and hands what it does not model to
    /// libgit2's diff.
    ///
    /// `threads` scans that many disjoint parts of the tree at once (see
    /// `WorkingTreePartition`); nil picks 2 for a large index on a machine with 2 cores or more,
    /// else 1. The result is the same tree either way.
    ///
    /// A file rewritten while it is being read (an editor saving, a build writing) makes
    /// libgit2 fail with "failed to read file into stream"; the scan is then retried a few times
    /// (not when the object database cannot be written: that is reported at once).
    public func workingTreeTree(threads: Int? = nil) throws -> ObjectID {
        try workingTreeTree(threads: threads, scanner: .statScan)
    }

    /// How the working tree is compared with the index: `StatScan` (falling back to libgit2's
    /// diff where it does not model the tree), or libgit2's diff only (tests compare the two).
    enum WorkingTreeScanner {
        case statScan
        case libgit2Diff
    }

    func workingTreeTree(threads: Int?, scanner: WorkingTreeScanner) throws -> ObjectID {
        var attempt = 0
        while true {
            do {
                let count = threads ?? automaticScanThreads()
                if scanner == .statScan, let tree = try statScanTree(threads: count) { return tree }
                return try scanWorkingTree(threads: count)
            } catch let error as GitError where error.libgit2Code != nil && error.storageErrno == nil && attempt < 4 {
                // A write the OS refused (disk full) fails again: only a file changing under the
                // scan is worth retrying.
                attempt += 1
                usleep(UInt32.random(in: 5_000...20_000) * UInt32(attempt))
            }
        }
    }

    /// Below this size of the index file (about 2,000 entries with 20-character paths) a
    /// second thread costs more than it saves. The file's size decides before it is read, so
    /// the second thread's copy is read at the same time as the first.
    static let parallelScanMinimumIndexBytes = 160 * 1024

    private func scanWorkingTree(threads count: Int) throws -> ObjectID {
        // Every thread's repository handle and index copy, read at once on threads of their
        // own (they own the indexes until the scan is done).
        let scanHandles = PieceHandles(for: self, count: count)
        defer { withExtendedLifetime(scanHandles) {} }
        let handles = try scanHandles.handles()
        let dedicated = handles[0].repository
        let index: OpaquePointer? = handles[0].index
        // The index's tree before the scan is served from its cache-tree extension (free after a
        // commit). Writing the tree after add_all instead would make libgit2 re-read every tree
        // into that cache (~5 ms at 10k files), so only the changed paths are applied on top.
        var before = git_oid()
        try LibGit2.check(git_index_write_tree_to(&before, index, dedicated.pointer), "git_index_write_tree")
        // A case-insensitive index matches path lists without regard to case: two pieces could
        // then claim the same file, so such trees are scanned in one piece.
        let ignoresCase = (git_index_caps(index) & Int32(GIT_INDEX_CAPABILITY_IGNORE_CASE.rawValue)) != 0
        let pieces = ignoresCase ? nil : WorkingTreePartition(index: index!, root: workingDirectory).pieces(count)
        let changed = try pieces.map { try ParallelScan(handles: handles).run($0) } ?? addAll(index!)
        if changed.isEmpty { return ObjectID(before) }
        if let tree = try? treeFromIndex(index!, changed: changed, base: ObjectID(before), repository: dedicated) {
            return tree
        }
        var oid = git_oid()
        try LibGit2.check(git_index_write_tree_to(&oid, index, dedicated.pointer), "git_index_write_tree")
        return ObjectID(oid)
    }

    /// Two threads for a large index on a machine with 2 cores or more, else one.
    private func automaticScanThreads() -> Int {
        var info = stat()
        guard stat(indexPath, &info) == 0, Int(info.st_size) >= Self.parallelScanMinimumIndexBytes else { return 1 }
        return min(2, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The path lists a `count`-way scan would give its threads (nil: it scans in one piece).
    func workingTreeScanPieces(_ count: Int) throws -> [[String]]? {
        let index = try openIndexFile()
        defer { git_index_free(index) }
        return WorkingTreePartition(index: index, root: workingDirectory).pieces(count)
    }

    /// The whole working tree on one thread: libgit2's `git add -A` into `index`; returns the
    /// paths it changed.
    private func addAll(_ index: OpaquePointer) throws -> [String] {
        let scan = ScanState(index: index)
        try withStringArray([]) { pathspec in
            try LibGit2.check(
                git_index_add_all(index, &pathspec, GIT_INDEX_ADD_DEFAULT.rawValue, { path, _, payload in
                    guard let path, let payload else { return 0 }
                    let scan = Unmanaged<ScanState>.fromOpaque(payload).takeUnretainedValue()
                    // Entries outside the sparse checkout are absent on disk by design:
                    // skip them, or add_all would record them as deleted.
                    if isOutsideSparseCheckout(scan.index, path) { return 1 }
                    if isUntrackedNestedRepository(path) { return 1 }
                    scan.changed.append(String(cString: path))
                    return 0
                }, Unmanaged.passUnretained(scan).toOpaque()),
                "git_index_add_all")
        }
        return scan.changed
    }

    /// `base` with the index's current entries for `changed` paths (removed when gone).
    func treeFromIndex(_ index: OpaquePointer, changed: [String], base: ObjectID, repository: Repository) throws -> ObjectID {
        let cPaths = changed.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var updates: [git_tree_update] = cPaths.map { cPath in
            var update = git_tree_update()
            update.path = UnsafePointer(cPath)
            if let entry = git_index_get_bypath(index, cPath, 0) {
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = entry.pointee.id
                update.filemode = git_filemode_t(entry.pointee.mode)
            } else {
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            return update
        }
        return try repository.withTree(base) { baseTree in
            var oid = git_oid()
            try LibGit2.check(
                git_tree_create_updated(&oid, repository.pointer, baseTree, updates.count, &updates), "git_tree_create_updated")
            return ObjectID(oid)
        }
    }

}

/// Whether `index` marks `path` as outside the sparse checkout.
func isOutsideSparseCheckout(_ index: OpaquePointer, _ path: UnsafePointer<CChar>) -> Bool {
    guard let entry = git_index_get_bypath(index, path, 0) else { return false }
    return entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue) != 0
}

/// What the add_all callback collects: paths it let through (payload of a C callback).
private final class ScanState {
    let index: OpaquePointer
    var changed: [String] = []
    init(index: OpaquePointer) { self.index = index }
}

/// An untracked directory reported as one entry (`nested/`, with its trailing slash): a
/// repository inside the working tree that is not a submodule. libgit2's add-all refuses such
/// a path ("invalid path"), which made every snapshot fail; git's `add -A` would record it as
/// an embedded gitlink. Its files belong to that other repository, and the healer only works
/// on files a snapshot holds, so leaving it out keeps them out of reach as well.
func isUntrackedNestedRepository(_ path: UnsafePointer<CChar>) -> Bool {
    let length = strlen(path)
    return length > 0 && path[length - 1] == 0x2F
}

