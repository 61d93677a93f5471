import AuraHistory
import Dispatch

/// `git aura run --checkpoint-every`: a "checkpoint" snapshot of the working tree each interval
/// while the program runs, on a thread of its own. An unchanged tree reuses the last snapshot
/// (`allowReuse`), so a quiet program adds nothing to the history.
public final class PeriodicCheckpoints: @unchecked Sendable {
    let store: SnapshotStore
    let seconds: Double
    let repositoryLock: RepositoryLock
    let say: @Sendable (String) -> Void
    private let stopSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    /// Ids of the snapshots this run added (reused ones are not listed).
    public private(set) var taken: [String] = []

    public init(store: SnapshotStore, seconds: Double, repositoryLock: RepositoryLock, say: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.seconds = seconds
        self.repositoryLock = repositoryLock
        self.say = say
    }

    public func start() {
        started = true
        DispatchQueue.global().async { [self] in
            while stopSignal.wait(timeout: .now() + seconds) == .timedOut { checkpoint() }
            finished.signal()
        }
    }

    /// Stops the thread and waits for a checkpoint in progress to finish.
    public func stop() {
        guard started else { return }
        started = false
        stopSignal.signal()
        finished.wait()
    }

    func checkpoint() {
        repositoryLock.withLock {
            do {
                let before = try store.repository.reference(store.refs.heal)
                let entry = try store.snapshot(reason: "checkpoint", allowReuse: true)
                guard entry.commit != before else { return }
                taken.append(entry.id)
                say("checkpoint: snapshot \(entry.id)")
            } catch {
                say("checkpoint failed: \(error)")
            }
        }
    }
}
