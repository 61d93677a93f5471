import AuraDiagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

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
        var json = JSONText()
        json.open()
        json.field("ts", Self.timestamp())
        json.field("level", event.level.rawValue)
        json.field("session", session)
        json.field("label", label)
        json.field("msg", redaction.redact(event.message.description))
        if let error = event.error { json.field("error", redaction.redact("\(error)")) }
        if !merged.isEmpty {
            json.key("meta")
            json.value(.dictionary(redaction.redact(merged)))
        }
        json.close()
        file.append(json.text)
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

/// A minimal JSON writer for log lines (no Foundation encoder: one line, known shapes).
struct JSONText {
    private(set) var text = ""
    private var needsComma = false

    mutating func open() {
        text += "{"
        needsComma = false
    }

    mutating func close() {
        text += "}"
        needsComma = true
    }

    mutating func key(_ name: String) {
        if needsComma { text += "," }
        text += Self.quote(name) + ":"
        needsComma = false
    }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        text += Self.quote(value)
        needsComma = true
    }

    mutating func value(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let string): text += Self.quote(string)
        case .stringConvertible(let convertible): text += Self.quote(convertible.description)
        case .array(let values):
            text += "["
            for (index, element) in values.enumerated() {
                if index > 0 { text += "," }
                self.value(element)
            }
            text += "]"
        case .dictionary(let dictionary):
            text += "{"
            for (index, entry) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { text += "," }
                text += Self.quote(entry.key) + ":"
                self.value(entry.value)
            }
            text += "}"
        }
        needsComma = true
    }

    /// RFC 8259 string literal (shared with every JSON the tool writes).
    static func quote(_ string: String) -> String { JSONWriter.quoted(string) }
}
