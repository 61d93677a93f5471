#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An exclusive `flock(2)` on `<common dir>/aura/update.flock`, held by AURA processes
/// around each read-modify-write of their refs.
///
/// The kernel drops the lock when its holder dies (even by SIGKILL), so the lock itself can
/// never go stale. It also tells a waiting process something useful: while it holds this lock,
/// no other AURA process can be writing an aura ref, so an old `refs/aura/*.lock` file was
/// left by a crashed writer. The holder's pid is written into the file for diagnostics.
public final class UpdateLock {
    private let descriptor: Int32
    /// The lock file's path.
    public let path: String

    /// Blocks (polling with jitter, at most `timeout` seconds) until the lock is held.
    public init(repository: Repository, timeout: Double = 30) throws {
        let directory = repository.commonDirectory + "aura"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/update.flock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw GitError.referenceLocked(name: "aura refs", lockFile: path) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else {
                close(descriptor)
                throw GitError.referenceLocked(name: "aura refs", lockFile: path)
            }
            usleep(UInt32.random(in: 1_000...5_000))
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
