import AuraDiagnostics
import AuraJSON

/// What a verification worker is asked to run: a project packed into one file, the modules
/// whose tests and whose `main` to run, budgets, the network rule and the scratch database. Written
/// by the parent as a JSON file in its private (0700) scratch directory; read by `aura verify-worker`.
public struct IsolatedRunRequest: Sendable {
    /// One file holding every project file's bytes, back to back in `paths` order (a private
    /// copy). One file instead of a tree: writing, reading back and deleting 1,000 small files
    /// was most of a pre-commit hook's time (0.9 s of system time in `openat` on this machine).
    public var project: String
    /// The byte count of each file in `project`, parallel to `paths`.
    public var lengths: [Int]
    /// The sandbox's scratch directory (the only place the program may write).
    public var scratch: String
    /// Every project path, in the order the parent checked them (so both sides compile alike).
    public var paths: [String]
    public var testModules: [String]
    public var mainModules: [String]
    public var limits: Limits
    public var allowNetwork: Bool
    /// `Sandbox.databaseUrl` (`aura.verify.databaseUrl`).
    public var databaseUrl: String?
    public var osLimits: OSLimits

    public init(project: String, lengths: [Int], scratch: String, paths: [String], testModules: [String], mainModules: [String],
                limits: Limits, allowNetwork: Bool, databaseUrl: String? = nil, osLimits: OSLimits) {
        self.project = project
        self.lengths = lengths
        self.scratch = scratch
        self.paths = paths
        self.testModules = testModules
        self.mainModules = mainModules
        self.limits = limits
        self.allowNetwork = allowNetwork
        self.databaseUrl = databaseUrl
        self.osLimits = osLimits
    }

    public var json: JSON {
        .object([
            ("project", .string(project)), ("scratch", .string(scratch)),
            ("paths", .array(paths.map(JSON.string))), ("lengths", .array(lengths.map { JSON.integer(Int64($0)) })), ("tests", .array(testModules.map(JSON.string))),
            ("mains", .array(mainModules.map(JSON.string))),
            ("limits", .object([
                ("instructions", .integer(Int64(clamping: limits.maxInstructions))),
                ("seconds", .number(limits.timeLimit.isFinite ? limits.timeLimit : 1e9)),
                ("depth", .integer(Int64(limits.maxCallDepth))), ("memory", .integer(Int64(limits.maxMemoryBytes))),
            ])),
            ("allowNetwork", .bool(allowNetwork)),
            ("databaseUrl", databaseUrl.map(JSON.string) ?? .null),
            ("os", osLimits.json),
        ])
    }

    public init(json: JSON) throws(IsolatedRunFailure) {
        func strings(_ key: String) throws(IsolatedRunFailure) -> [String] {
            guard let items = json[key]?.array else { throw IsolatedRunFailure("the request has no `\(key)` list") }
            return items.compactMap(\.string)
        }
        guard let project = json["project"]?.string, let scratch = json["scratch"]?.string,
              let limits = json["limits"], let instructions = limits["instructions"]?.int, let seconds = limits["seconds"]?.number,
              let depth = limits["depth"]?.int, let memory = limits["memory"]?.int, let os = json["os"] else {
            throw IsolatedRunFailure("the request is incomplete")
        }
        guard let lengths = json["lengths"]?.array?.compactMap(\.int), lengths.allSatisfy({ $0 >= 0 }) else {
            throw IsolatedRunFailure("the request has no `lengths` list")
        }
        self.init(project: project, lengths: lengths.map { Int($0) }, scratch: scratch, paths: try strings("paths"), testModules: try strings("tests"),
                  mainModules: try strings("mains"),
                  limits: Limits(maxInstructions: instructions, timeLimit: seconds, maxCallDepth: depth, maxMemoryBytes: memory),
                  allowNetwork: json["allowNetwork"]?.bool ?? false, databaseUrl: json["databaseUrl"]?.string,
                  osLimits: try OSLimits(json: os))
    }
}

/// Why an isolated run could not be set up or its report read.
public struct IsolatedRunFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The report lines a worker writes to stdout, one JSON object per line, so a parent that
/// sees the worker die knows which test was running.
public enum IsolatedRunEvent: Sendable {
    case start(module: String, title: String)
    case test(module: String, title: String, error: RuntimeError?)
    case main(module: String, error: RuntimeError?)
    case done

    /// Longest runtime message a worker reports (repository code controls it).
    static let messageLimit = 4096

    public func line(sources: SourceMap) -> String {
        let json: JSON
        switch self {
        case let .start(module, title): json = .object([("start", .object([("module", .string(module)), ("title", .string(title))]))])
        case let .test(module, title, error):
            json = .object([("test", .object([("module", .string(module)), ("title", .string(title)), ("error", Self.encode(error, sources))]))])
        case let .main(module, error): json = .object([("main", .object([("module", .string(module)), ("error", Self.encode(error, sources))]))])
        case .done: json = .object([("done", .bool(true))])
        }
        return json.serialized + "\n"
    }

    /// Reads one line; spans are re-anchored by path in the parent's `sources`.
    public init(line: String, sources: SourceMap) throws(IsolatedRunFailure) {
        let json: JSON
        do { json = try JSONParser.parse(line) } catch { throw IsolatedRunFailure("unreadable report line: \(error)") }
        if let start = json["start"], let module = start["module"]?.string, let title = start["title"]?.string {
            self = .start(module: module, title: title)
        } else if let test = json["test"], let module = test["module"]?.string, let title = test["title"]?.string {
            self = .test(module: module, title: title, error: Self.decode(test["error"], sources))
        } else if let main = json["main"], let module = main["module"]?.string {
            self = .main(module: module, error: Self.decode(main["error"], sources))
        } else if json["done"] != nil {
            self = .done
        } else {
            throw IsolatedRunFailure("unknown report line")
        }
    }

    static func encode(_ error: RuntimeError?, _ sources: SourceMap) -> JSON {
        guard let error else { return .null }
        func span(_ span: Span) -> JSON {
            guard Int(span.file) < sources.files.count else { return .null }
            return .object([("path", .string(sources[span.file].path)), ("start", .integer(Int64(span.start))), ("end", .integer(Int64(span.end)))])
        }
        var message = error.message
        if message.utf8.count > messageLimit { message = String(decoding: Array(message.utf8.prefix(messageLimit)), as: UTF8.self) + "…" }
        return .object([
            ("code", .string(error.code.rawValue)), ("message", .string(message)), ("help", .array(error.help.map(JSON.string))),
            ("span", error.span.map(span) ?? .null),
            ("trace", .array(error.trace.prefix(64).map { .object([("function", .string($0.function)), ("span", span($0.span))]) })),
        ])
    }

    static func decode(_ json: JSON?, _ sources: SourceMap) -> RuntimeError? {
        guard let json, json != .null else { return nil }
        func span(_ json: JSON?) -> Span? {
            guard let json, let path = json["path"]?.string, let file = sources.file(path: path),
                  let start = json["start"]?.int, let end = json["end"]?.int, start >= 0, start <= end, end <= file.bytes.count else { return nil }
            return Span(file: file.id, start: UInt32(start), end: UInt32(end))
        }
        var error = RuntimeError(DiagnosticCode(json["code"]?.string ?? DiagnosticCode.testRuntimeError.rawValue),
                                 json["message"]?.string ?? "", help: json["help"]?.array?.compactMap(\.string) ?? [])
        error.span = span(json["span"])
        error.trace = (json["trace"]?.array ?? []).compactMap { frame in
            guard let function = frame["function"]?.string, let at = span(frame["span"]) else { return nil }
            return StackFrameInfo(function: function, span: at)
        }
        return error
    }
}
