#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
import Dispatch

/// The index a scan works on: the index file read into an in-memory index on a repository
/// handle of its own (never written back), and the file's stat data from just before the read.
/// The stat scan uses one; libgit2's parallel diff one per thread (`PieceHandles`).
///
/// Owns the index; it is freed when this is.
final class ScanIndex: @unchecked Sendable {
    /// A handle on the same repository whose index is `index`.
    let repository: Repository
    let index: OpaquePointer
    /// The index file's stat data before it was read, nil when there was no file. Its mtime is
    /// the racy-clean limit: a file replaced during the read is newer, so with the older time
    /// more entries count as racily clean, never fewer.
    let fileStatus: stat?

    private init(repository: Repository, index: OpaquePointer, fileStatus: stat?) {
        self.repository = repository
        self.index = index
        self.fileStatus = fileStatus
    }

    deinit { git_index_free(index) }

    /// Reads `repository`'s index file. Touches only the repository's immutable paths, so it may
    /// run on another thread while the caller goes on using `repository`.
    static func read(_ repository: Repository) throws -> ScanIndex {
        var status = stat()
        let fileStatus = stat(repository.indexPath, &status) == 0 ? status : nil
        let dedicated = try repository.reopened()
        let index = try repository.openIndexFile()
        let scanIndex = ScanIndex(repository: dedicated, index: index, fileStatus: fileStatus)
        try repository.adopt(index, into: dedicated)
        return scanIndex
    }

    /// Whether the index file is still the one that was read: same inode, size, mtime and ctime
    /// (git replaces it by a rename, so a rewrite changes the inode).
    var isCurrent: Bool {
        var now = stat()
        let exists = stat(repository.indexPath, &now) == 0
        guard let before = fileStatus else { return !exists }
        return exists && now.st_ino == before.st_ino && now.st_dev == before.st_dev && now.st_size == before.st_size
            && now.st_mtim.tv_sec == before.st_mtim.tv_sec && now.st_mtim.tv_nsec == before.st_mtim.tv_nsec
            && now.st_ctim.tv_sec == before.st_ctim.tv_sec && now.st_ctim.tv_nsec == before.st_ctim.tv_nsec
    }
}

/// An index read started on another thread ahead of a working-tree scan, so that it overlaps
/// what a command does before it scans (parsing its arguments, opening its ledger): ~4 ms of a
/// 10,000-file snapshot.
final class ScanIndexPrefetch: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once by the reading thread before `finished` is signalled, read after the wait.
    private var result: Result<ScanIndex, Error>?

    /// Only the repository's immutable paths are read on the other thread (see `ScanIndex.read`).
    private struct Reader: @unchecked Sendable {
        let repository: Repository
    }

    convenience init(_ repository: Repository) {
        let reader = Reader(repository: repository)
        self.init { try ScanIndex.read(reader.repository) }
    }

    /// Runs `read` on another thread.
    init(_ read: @escaping @Sendable () throws -> ScanIndex) {
        DetachedThread.run {
            self.result = Result { try read() }
            self.finished.signal()
        }
    }

    /// The index read ahead, once it is read, if the index file has not changed since (else nil:
    /// the scan reads it again, as does a failed read, whose error the new read reports).
    func take() -> ScanIndex? {
        finished.wait()
        finished.signal()  // a later call does not wait again
        guard case .success(let scanIndex)? = result, scanIndex.isCurrent else { return nil }
        return scanIndex
    }
}

/// The index of the repository around the current directory, read from the first instruction
/// of a command that is about to scan the working tree (`snapshot create`, `heal`), before its
/// arguments are parsed: the argument parser's ~3 ms then overlap the read instead of preceding
/// it. The command's own repository takes it only if it is the same repository and index file
/// (`Repository.prefetchIndexForScan`), and only if the file is unchanged since (`isCurrent`).
public enum EarlyIndexRead {
    /// Started from the process's first thread before any command runs; taken at most once.
    private static let pending = PendingRead()

    private final class PendingRead: @unchecked Sendable {
        private let lock = DispatchSemaphore(value: 1)
        private var prefetch: ScanIndexPrefetch?

        func start(_ discover: @escaping @Sendable () throws -> Repository) {
            lock.wait()
            defer { lock.signal() }
            guard prefetch == nil else { return }
            prefetch = ScanIndexPrefetch { try ScanIndex.read(try discover()) }
        }

        func take() -> ScanIndexPrefetch? {
            lock.wait()
            defer { lock.signal() }
            let taken = prefetch
            prefetch = nil
            return taken
        }
    }

    /// Starts the read of the index of the repository around the current directory (unless a
    /// read started before is still waiting to be taken). With `GIT_WORK_TREE` or
    /// `GIT_INDEX_FILE` set nothing is read ahead.
    public static func start() {
        guard getenv("GIT_WORK_TREE") == nil, getenv("GIT_INDEX_FILE") == nil else { return }
        start { try Repository.discoverFromProcessEnvironment() }
    }

    static func start(_ discover: @escaping @Sendable () throws -> Repository) { pending.start(discover) }

    static func take() -> ScanIndexPrefetch? { pending.take() }
}

extension Repository {
    /// Starts reading the index for this repository's next working-tree scan on another thread
    /// (a command that is about to take a snapshot calls this before opening its ledger), or
    /// takes over the read `EarlyIndexRead` started. The scan uses that read only if it is of
    /// this repository's index file and the file is unchanged by then.
    public func prefetchIndexForScan() {
        guard scanIndexPrefetch == nil else { return }
        scanIndexPrefetch = EarlyIndexRead.take() ?? ScanIndexPrefetch(self)
    }

    /// The index for a scan: the one read ahead if it is still current, else read now.
    func scanIndex() throws -> ScanIndex {
        if let prefetch = scanIndexPrefetch {
            scanIndexPrefetch = nil
            if let scanIndex = prefetch.take(), scanIndex.isOf(self) { return scanIndex }
        }
        return try ScanIndex.read(self)
    }
}

extension ScanIndex {
    /// Whether this is `repository`'s index: the same index file, git directory and working tree.
    func isOf(_ repository: Repository) -> Bool {
        self.repository.indexPath == repository.indexPath && self.repository.gitDirectory == repository.gitDirectory
            && self.repository.workingDirectory == repository.workingDirectory
    }
}
