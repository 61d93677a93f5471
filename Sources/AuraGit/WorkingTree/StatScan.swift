#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
import Dispatch

/// The working-tree scan a snapshot normally runs: one read of the index, its stat cache
/// compared with the disk by `StatScanWalker`s (one per `WorkingTreePartition` piece, on
/// threads of their own, none touching libgit2), then on the calling thread the ignore rules
/// for the untracked names and the changed files hashed into the index (`ChangedFileRecorder`).
///
/// It replaces libgit2's diff of the index against the working tree, which on a 10,000-file
/// tree took 15 ms on two threads plus two full reads of the index (handles are not shared),
/// where this walk takes ~10 ms after one read (docs/performance.md, "Snapshot store").
/// libgit2 stats every file by its absolute path; here each file is one `fstatat` relative to
/// its directory, and each directory is listed once.
///
/// An index or a tree the walk does not model exactly (`IndexStatCache.init`,
/// `StatScanUnsupported`) makes it give up before anything is decided: libgit2's diff then
/// scans instead, so the result is always the tree libgit2's `git add -A` semantics give.
struct StatScan: Sendable {
    let cache: IndexStatCache
    /// The working tree's root, ending in `/`.
    let root: String
    let rules: StatScanWalker.Rules

    func walker() -> StatScanWalker {
        StatScanWalker(cache: cache, rules: rules)
    }

    /// Walks the whole tree (in `pieces` at once when given), or nil when it met something it
    /// does not model.
    func run(_ pieces: [[String]]?) -> StatScanFindings? {
        let rootDescriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootDescriptor >= 0 else { return nil }
        defer { close(rootDescriptor) }
        guard let pieces else {
            var walker = walker()
            let descriptor = dup(rootDescriptor)
            guard descriptor >= 0, (try? walker.walk(directory: descriptor, prefix: [], range: cache.entries.indices)) != nil else {
                return nil
            }
            return walker.findings
        }
        let results = ThreadSlots<StatScanFindings>(count: pieces.count)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { number in
            var walker = walker()
            do {
                for name in pieces[number] { try walker.visit(name, root: rootDescriptor) }
                results[number] = walker.findings
            } catch {
                results[number] = nil
            }
        }
        var findings = StatScanFindings()
        for result in results.values {
            guard let result else { return nil }
            findings.append(result)
        }
        return findings
    }

    /// The untracked files the snapshot takes, found from the walk's untracked names: each
    /// checked against the ignore rules (`git_ignore_path_is_ignored`, as libgit2's scan does for
    /// each untracked name), a directory that is not ignored walked in turn (with no index
    /// entries below it, everything in it is a name to check). Nil when a name is not UTF-8.
    func untrackedFiles(_ names: [UntrackedName], repository: Repository) -> [String]? {
        var pending = names
        var files: [String] = []
        while let name = pending.popLast() {
            let isUTF8 = name.path.withUnsafeBytes { IndexStatCache.isUTF8($0) }
            guard isUTF8 else { return nil }
            let path = String(decoding: name.path, as: UTF8.self)
            if repository.isIgnored(path) { continue }
            guard name.isDirectory else {
                files.append(path)
                continue
            }
            let descriptor = open(root + path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOENT { continue }
                return nil
            }
            var walker = walker()
            guard (try? walker.walk(directory: descriptor, prefix: name.path + [0x2F], range: 0..<0)) != nil else { return nil }
            pending += walker.findings.untracked
        }
        return files
    }
}

extension Repository {
    /// Above this many tracked files to hash again (their stat data changed: a `touch` of the
    /// tree, a copy of the repository), libgit2's diff scans instead: it hashes them on every
    /// scan thread and finds unchanged content without writing it, where the stat scan hashes
    /// them one by one on the calling thread. Measured at 4,000 touched files (debug build):
    /// 283–323 ms by the stat scan against 88–116 ms by libgit2's diff; a few files cost no more
    /// either way.
    static let statScanHashLimit = 256

    /// Makes `index` (read from `indexPath`) `repository`'s index, with the capabilities the
    /// repository's own index would have: `core.fileMode`, `core.symlinks` and `core.ignoreCase`
    /// (a standalone index assumes all three are on, so an executable bit would reach the tree
    /// where git leaves it out).
    func adopt(_ index: OpaquePointer, into repository: Repository) throws {
        try LibGit2.check(git_repository_set_index(repository.pointer, index), "git_repository_set_index")
        try LibGit2.check(git_index_set_caps(index, GIT_INDEX_CAPABILITY_FROM_OWNER.rawValue), "git_index_set_caps")
    }

    /// The working tree's tree by a stat scan (`StatScan`) in `threads` pieces, or nil when the
    /// index or the tree holds something only libgit2's diff decides (then nothing was written
    /// but objects that tree would hold anyway).
    func statScanTree(threads: Int) throws -> ObjectID? {
        let scanIndex = try self.scanIndex()
        // It owns the index (and the handle it is set on): alive until the tree is written.
        defer { withExtendedLifetime(scanIndex) {} }
        let dedicated = scanIndex.repository, index = scanIndex.index
        guard let cache = IndexStatCache(index) else { return nil }
        let rules = StatScanWalker.Rules(
            indexTime: scanIndex.fileStatus.map {
                (Int32(truncatingIfNeeded: $0.st_mtim.tv_sec), UInt32(truncatingIfNeeded: $0.st_mtim.tv_nsec))
            },
            trustsFileMode: git_index_caps(index) & Int32(GIT_INDEX_CAPABILITY_NO_FILEMODE.rawValue) == 0,
            trustsCtime: try GitConfig(repository: dedicated, environment: [:]).bool("core.trustctime") ?? true)
        let scan = StatScan(cache: cache, root: workingDirectory, rules: rules)
        let pieces = threads > 1 ? WorkingTreePartition(index: index, root: workingDirectory).pieces(threads) : nil
        guard let findings = scan.run(pieces), findings.modified.count <= Self.statScanHashLimit else { return nil }

        // The index's tree before any change, from its cache-tree extension (see scanWorkingTree).
        var before = git_oid()
        try LibGit2.check(git_index_write_tree_to(&before, index, dedicated.pointer), "git_index_write_tree")
        // Every path is copied out before the index changes: the cache points into its entries.
        let path = { (position: Int) in String(decoding: cache.entries[position].bytes, as: UTF8.self) }
        let modified = findings.modified.map(path)
        let removed = findings.removed.flatMap { $0.map(path) }
        guard let added = scan.untrackedFiles(findings.untracked, repository: dedicated) else { return nil }
        for gone in removed {
            try LibGit2.check(git_index_remove_bypath(index, gone), "git_index_remove_bypath(\(gone))")
        }
        let recorder = ChangedFileRecorder(repository: dedicated, index: index)
        for file in modified + added {
            try file.withCString { try recorder.add($0) }
        }
        let changed = (removed + modified + added).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if changed.isEmpty { return ObjectID(before) }
        if let tree = try? treeFromIndex(index, changed: changed, base: ObjectID(before), repository: dedicated) {
            return tree
        }
        var oid = git_oid()
        try LibGit2.check(git_index_write_tree_to(&oid, index, dedicated.pointer), "git_index_write_tree")
        return ObjectID(oid)
    }
}
