import Dispatch

/// The repository handles and index copies a working-tree scan works on, one per thread,
/// each opened on a thread of its own (`ParallelScan`: libgit2 handles are not shared).
///
/// Each is a full read of the index file (libgit2 verifies the SHA-1 of the whole file and
/// validates every path): ~8 ms for 10,000 entries on this project's machine. The second
/// thread used to read its copy only after the first had read its own and partitioned the
/// tree; opened at once, the reads overlap. (Reading them earlier still, while the command
/// opens its ledger, measured slower: three busy threads on two cores.)
///
/// Each handle is a `ScanIndex` (which owns its index), kept until every thread has finished.
final class PieceHandles: @unchecked Sendable {
    /// One thread's handle: its own repository, with its own index set as that repository's.
    typealias Handle = ScanIndex

    private let opened: ThreadSlots<Result<Handle, Error>>

    /// `ScanIndex.read` reads only the repository's immutable paths, so other threads may call
    /// it while the caller goes on using the repository.
    private struct Opener: @unchecked Sendable {
        let repository: Repository
    }

    /// Opens `count` handles for `repository` at once, the calling thread taking part (a
    /// blocked caller would hold one of the dispatch pool's slots, which is as wide as the
    /// machine: with two cores the other reads would then run one after the other).
    init(for repository: Repository, count: Int) {
        let opened = ThreadSlots<Result<Handle, Error>>(count: count)
        let opener = Opener(repository: repository)
        DispatchQueue.concurrentPerform(iterations: count) { slot in
            opened[slot] = Result { try ScanIndex.read(opener.repository) }
        }
        self.opened = opened
    }

    /// Every handle; the first failure is thrown.
    func handles() throws -> [Handle] {
        try opened.values.map { try $0!.get() }
    }
}
