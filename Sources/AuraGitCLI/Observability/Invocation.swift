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
        let environment = ProcessInfo.processInfo.environment
        let session = Ledger.makeSessionID()
        let directory = Ledger.path(for: store.repository).replacingOccurrences(of: "/ledger.sqlite", with: "")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        LoggingBootstrap.once(file: LogFile(path: directory + "/log.jsonl"), session: session, verbose: verbose, environment: environment)
        var logger = Logger(label: "aura.\(command.split(separator: " ").first ?? "cli")")
        logger[metadataKey: "session"] = .string(session)
        var ledger: Ledger?
        do {
            ledger = try Ledger.open(repository: store.repository)
            if let recovery = ledger?.recovery {
                warn(recovery.description)
                logger.warning("ledger recovered", metadata: ["problem": .string(recovery.problem), "movedTo": .string(recovery.movedTo)])
            }
        } catch {
            warn("\(error); continuing without the ledger")
            logger.error("ledger unavailable", metadata: ["error": .string("\(error)")])
        }
        // `git aura ci` is its own trigger: its sessions run on a CI runner, not at someone's prompt.
        let trigger = command == "ci" ? "ci" : environment["AURA_TRIGGER"].flatMap { ["cli", "pre-commit", "post-merge"].contains($0) ? $0 : nil } ?? "cli"
        logger.info("invocation started", metadata: ["command": .string(command), "trigger": .string(trigger)])
        return Invocation(store: store, session: session, logger: logger, ledger: ledger, trigger: trigger)
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
    func healTip() -> String? { (try? store.repository.reference(store.refs.heal))?.hex }

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

    /// Runs `body` (an operation that moves the heal ref) and records it with the entries it names.
    func tracking<T>(_ kind: OperationRecord.Kind, detail: (T) -> String = { _ in "" }, entries: (T) -> [String],
                     _ body: () throws -> T) throws -> T {
        let before = healTip()
        let result = try body()
        recordOperations(kind, entries: entries(result), before: before, detail: detail(result))
        return result
    }
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
