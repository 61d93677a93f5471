#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Log lines for people on standard error (`-v`): `10:00:00.123 info aura.heal: message key=value`.
public struct ReadableLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .debug
    let label: String
    let redaction: SecretRedaction

    public init(label: String, redaction: SecretRedaction) {
        self.label = label
        self.redaction = redaction
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let time = JSONLinesLogHandler.timestamp().split(separator: "T").last.map { String($0.dropLast()) } ?? ""
        var line = "\(time) \(event.level.rawValue) \(label): \(redaction.redact(event.message.description))"
        for (key, value) in redaction.redact(merged).sorted(by: { $0.key < $1.key }) where key != "session" {
            line += " \(key)=\(value)"
        }
        line += "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}

/// Sets up swift-log for one invocation: JSON lines to `file` always, readable lines on
/// standard error when `verbose`; every line tagged with `session`.
public enum AuraLogging {
    /// Call once per process, before the first `Logger` is made.
    public static func bootstrap(file: LogFile, session: String, verbose: Bool, environment: [String: String]) {
        let redaction = SecretRedaction(environment: environment)
        LoggingSystem.bootstrap { label in
            var handlers: [LogHandler] = [JSONLinesLogHandler(label: label, file: file, session: session, redaction: redaction)]
            if verbose { handlers.append(ReadableLogHandler(label: label, redaction: redaction)) }
            var multiplex = MultiplexLogHandler(handlers)
            multiplex.logLevel = verbose ? .debug : .info
            return multiplex
        }
    }
}
