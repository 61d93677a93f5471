#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import AuraHistory
import AuraHeal
import AuraLedger
import Foundation
import Logging

/// What one `git aura` invocation shares for observability: its session id, its logger (JSON
/// lines in `.git/aura/log.jsonl`, readable lines on stderr with `-v`) and the ledger.
///
/// The ledger never blocks a command: a damaged file is moved aside and recreated (with a
/// warning); a ledger that cannot be opened at all (newer schema, permissions) is reported
/// and the command goes on without recording.
final class Invocation {
    let session: String
    let logger: Logger
    let ledger: Ledger?
    let store: SnapshotStore
    /// `cli`, or what a hook says it is (`AURA_TRIGGER=pre-commit`).
    let trigger: String
    let started = Ledger.now

    private init(store: SnapshotStore, session: String, logger: Logger, ledger: Ledger?, trigger: String) {
        self.store = store
        self.session = session
        self.logger = logger
        self.ledger = ledger
        self.trigger = trigger
    }

    /// Sets up logging and opens the ledger for `command`.
    static func start(store: SnapshotStore, command: String, verbose: Bool = false) -> Invocation {
        Opening(store: store, command: command, verbose: verbose, concurrently: false).invocation()
    }

    /// What `start` does apart from holding the store: it touches only paths and the
    /// environment, so `Opening` may run it on another thread while the command works.
    fileprivate struct Observability: Sendable {
        let session: String
        let logger: Logger
        let ledger: Ledger?
        let trigger: String

        init(ledgerPath: String, command: String, verbose: Bool) {
            let environment = ProcessInfo.processInfo.environment
            let session = Ledger.makeSessionID()
            let directory = String(ledgerPath[..<(ledgerPath.lastIndex(of: "/") ?? ledgerPath.startIndex)])
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            LoggingBootstrap.once(file: LogFile(path: directory + "/log.jsonl"), session: session, verbose: verbose, environment: environment)
            var logger = Logger(label: "aura.\(command.split(separator: " ").first ?? "cli")")
            logger[metadataKey: "session"] = .string(session)
            var ledger: Ledger?
            do {
                ledger = try Ledger.open(at: ledgerPath)
                if let recovery = ledger?.recovery {
                    Invocation.warn(recovery.description)
                    logger.warning("ledger recovered", metadata: ["problem": .string(recovery.problem), "movedTo": .string(recovery.movedTo)])
                }
            } catch {
                Invocation.warn("\(error); continuing without the ledger")
                logger.error("ledger unavailable", metadata: ["error": .string("\(error)")])
            }
            // `git aura ci` is its own trigger: its sessions run on a CI runner, not at someone's prompt.
            let trigger = command == "ci" ? "ci" : environment["AURA_TRIGGER"].flatMap { ["cli", "pre-commit", "post-merge"].contains($0) ? $0 : nil } ?? "cli"
            logger.info("invocation started", metadata: ["command": .string(command), "trigger": .string(trigger)])
            self.session = session
            self.logger = logger
            self.ledger = ledger
            self.trigger = trigger
        }
    }

    /// An invocation being set up, on another thread when `concurrently`: opening the ledger
    /// (~3.5 ms of a `snapshot create` here: SQLite, the schema check, the log file) then
    /// overlaps the command's own work. Only an operation that needs the ledger after it ran
    /// (`tracking`) may do that; `invocation()` waits for it.
    final class Opening: @unchecked Sendable {
        private let store: SnapshotStore
        private let finished = DispatchSemaphore(value: 0)
        /// Written once by the opening thread before `finished` is signalled, read after the wait.
        private var observability: Observability?

        init(store: SnapshotStore, command: String, verbose: Bool = false, concurrently: Bool = true) {
            self.store = store
            let ledgerPath = Ledger.path(for: store.repository)
            guard concurrently else {
                observability = Observability(ledgerPath: ledgerPath, command: command, verbose: verbose)
                finished.signal()
                return
            }
            DispatchQueue.global().async {
                self.observability = Observability(ledgerPath: ledgerPath, command: command, verbose: verbose)
                self.finished.signal()
            }
        }

        /// The invocation, once its ledger is open (or known to be unavailable).
        func invocation() -> Invocation {
            finished.wait()
            finished.signal()  // a later call does not wait again
            let opened = observability!
            return Invocation(store: store, session: opened.session, logger: opened.logger, ledger: opened.ledger, trigger: opened.trigger)
        }

        /// Runs `body` (an operation that moves the heal ref) while the ledger opens, then records
        /// it with the entries it names. The record follows the operation, so a command killed
        /// during `body` leaves none — as when the ledger was opened first.
        func tracking<T>(_ kind: OperationRecord.Kind, detail: (T) -> String = { _ in "" }, entries: (T) -> [String],
                         _ body: () throws -> T) throws -> T {
            let before = store.healTip()
            let result: T
            do {
                result = try body()
            } catch {
                _ = invocation()  // the process does not exit during the other thread's SQLite work
                throw error
            }
            let invocation = invocation()
            invocation.recordOperations(kind, entries: entries(result), before: before, detail: detail(result))
            return result
        }
    }

    /// `warning: <text>` on standard error.
    static func warn(_ text: String) {
        let line = "warning: \(text)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// Runs a ledger write; a failure is logged and reported, never thrown.
    func record(_ what: String, _ body: (Ledger) throws -> Void) {
        guard let ledger else { return }
        do { try body(ledger) } catch {
            Self.warn("could not record \(what) in the ledger: \(error)")
            logger.error("ledger write failed", metadata: ["what": .string(what), "error": .string("\(error)")])
        }
    }

    /// The heal ref's tip now (hex), for an operation's before/after.
    func healTip() -> String? { store.healTip() }

    /// Appends operations (one per entry id; one without an entry when `entries` is empty).
    func recordOperations(_ kind: OperationRecord.Kind, entries: [String], before: String?, detail: String = "") {
        let after = healTip()
        record("the \(kind.rawValue) operation") { ledger in
            for entry in entries.isEmpty ? [nil] : entries.map(Optional.some) {
                try ledger.recordOperation(OperationRecord(sessionID: session, kind: kind, entryID: entry, ref: store.refs.heal,
                                                           refBefore: before, refAfter: after, detail: detail, at: Ledger.now))
            }
        }
        logger.info("operation", metadata: ["kind": .string(kind.rawValue), "entries": .array(entries.map { .string($0) }),
                                            "before": .string(before ?? "none"), "after": .string(after ?? "none")])
    }
}

extension SnapshotStore {
    /// The heal ref's tip now (hex), for an operation's before/after.
    fileprivate func healTip() -> String? { (try? repository.reference(refs.heal))?.hex }
}

/// swift-log can be bootstrapped once per process; commands run once, tests may run several.
enum LoggingBootstrap {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var done = false

    static func once(file: LogFile, session: String, verbose: Bool, environment: [String: String]) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        AuraLogging.bootstrap(file: file, session: session, verbose: verbose, environment: environment)
    }
}
