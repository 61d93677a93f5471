import Foundation

/// Announces a finished heal (`aura.watch.notify`): `terminal` prints a line; `desktop` also
/// shows a notification through `notify-send` when a session bus is there (else the line is
/// all); `none` says nothing (the ledger and the log still record the heal).
///
/// `notify-send` is looked up on PATH and run with a fixed argument vector (never through a
/// shell, never a command taken from config); what it shows is passed as arguments after `--`.
public struct Notifier: Sendable {
    public enum Channel: Sendable, Equatable {
        case desktop(notifySend: String)
        case terminal
        case none
    }

    public let channel: Channel
    let terminal: @Sendable (String) -> Void

    public init(mode: WatchSettings.Notify, environment: [String: String], terminal: @escaping @Sendable (String) -> Void) {
        self.terminal = terminal
        switch mode {
        case .none: channel = .none
        case .terminal: channel = .terminal
        case .desktop:
            let bus = environment["DBUS_SESSION_BUS_ADDRESS"].map { !$0.isEmpty } ?? false
            channel = bus ? Self.find("notify-send", path: environment["PATH"] ?? "").map { .desktop(notifySend: $0) } ?? .terminal : .terminal
        }
    }

    /// The first executable `name` in the directories of `path` (absolute directories only:
    /// a relative PATH entry would run whatever the current directory holds).
    static func find(_ name: String, path: String) -> String? {
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Prints `line` and, on the desktop channel, shows `title` and `body` as a notification.
    public func notify(title: String, body: String, line: String) {
        switch channel {
        case .none: return
        case .terminal: terminal(line)
        case let .desktop(notifySend):
            terminal(line)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: notifySend)
            process.arguments = ["--app-name=git-aura", "--", title, body]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            // A notification that cannot be shown is not an error: the line was printed.
            guard (try? process.run()) != nil else { return }
            process.waitUntilExit()
        }
    }
}
