import AuraDiagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import AuraJSON

/// A swift-log handler writing one JSON object per line to a `LogFile`:
/// `{"ts":"2026-05-01T10:00:00.123Z","level":"info","session":"ses-…","label":"aura.heal","msg":"…","meta":{…}}`.
/// Every line carries the invocation's session id (also in the ledger and the `Aura-Session`
/// trailer), so one heal can be followed through all three. Secrets are redacted.
public struct JSONLinesLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    let label: String
    let file: LogFile
    let session: String
    let redaction: SecretRedaction

    public init(label: String, file: LogFile, session: String, redaction: SecretRedaction) {
        self.label = label
        self.file = file
        self.session = session
        self.redaction = redaction
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var json = JSONWriter()
        json.beginObject()
        json.field("ts", Self.timestamp())
        json.field("level", event.level.rawValue)
        json.field("session", session)
        json.field("label", label)
        json.field("msg", redaction.redact(event.message.description))
        if let error = event.error { json.field("error", redaction.redact("\(error)")) }
        if !merged.isEmpty {
            json.key("meta")
            Self.write(.dictionary(redaction.redact(merged)), to: &json)
        }
        json.endObject()
        file.append(json.output)
    }

    /// UTC, millisecond precision, ISO 8601.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}

extension JSONLinesLogHandler {
    /// Metadata as JSON: strings as strings, dictionaries with sorted keys (stable lines).
    static func write(_ value: Logger.MetadataValue, to json: inout JSONWriter) {
        switch value {
        case .string(let string): json.string(string)
        case .stringConvertible(let convertible): json.string(convertible.description)
        case .array(let values):
            json.beginArray()
            for element in values { write(element, to: &json) }
            json.endArray()
        case .dictionary(let dictionary):
            json.beginObject()
            for (key, element) in dictionary.sorted(by: { $0.key < $1.key }) {
                json.key(key)
                write(element, to: &json)
            }
            json.endObject()
        }
    }
}
