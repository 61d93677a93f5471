#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a `db.connect!` URL names, and where the connection really opens once the sandbox
/// has had its say.
enum DatabaseLocation: Equatable {
    /// `sqlite::memory:`: a private in-memory database.
    case memory
    /// `sqlite:PATH`: a file, relative paths resolving against the current directory.
    case file(String)

    /// Parses `sqlite::memory:` and `sqlite:PATH`; everything else is a runtime error
    /// (`postgres://` URLs never get here: `DatabaseLibrary` hands them to `PostgresConnection`).
    /// Messages name only the scheme, never the whole URL: a `mysql://user:password@host`
    /// URL must not end up in error output.
    static func parse(_ url: String) throws -> DatabaseLocation {
        if url == "sqlite::memory:" { return .memory }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw RuntimeError(.databaseError, "the database URL 'sqlite:' names no file",
                                   help: ["write sqlite:PATH (e.g. sqlite:app.db) or sqlite::memory:"])
            }
            return .file(path)
        }
        let help = ["AURA databases are sqlite:PATH, sqlite::memory: or postgres://user@host:port/database"]
        if let colon = url.firstIndex(of: ":"), url[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" }) {
            throw RuntimeError(.databaseError, "unsupported database URL scheme '\(url[..<colon]):'", help: help)
        }
        throw RuntimeError(.databaseError, "'\(DatabaseURL.redacted(url))' is not a database URL", help: help)
    }
}

/// How a connection is opened: the file SQLite opens, and optionally a database whose
/// contents are copied into it first.
struct DatabaseOpenPlan: Equatable {
    /// Passed to `sqlite3_open_v2` (":memory:" or a path).
    var openPath: String
    /// Copied (with SQLite's online backup API) into the opened database before use.
    var snapshotSource: String?
    /// A file this connection created and deletes when it closes.
    var temporaryFile: String?

    /// Sandbox policy. Verification must be able to read real data but never change it, so
    /// with the sandbox enabled a `sqlite:PATH` that exists is opened read-only and copied
    /// into a temporary database (a file in the scratch directory, or memory when there is
    /// none), and a `sqlite:PATH` that does not exist becomes `:memory:` (nothing is created).
    /// The backup API, unlike a plain file copy, also picks up pages still in a `-wal` file.
    static func plan(for location: DatabaseLocation, sandbox: Sandbox) throws -> DatabaseOpenPlan {
        switch location {
        case .memory:
            return DatabaseOpenPlan(openPath: ":memory:")
        case let .file(path) where !sandbox.isEnabled:
            return DatabaseOpenPlan(openPath: path)
        case let .file(path):
            // Reading a database is reading a file: the same confinement as `read_file!`.
            try SandboxPaths.checkDatabase(path, in: sandbox)
            guard access(path, F_OK) == 0 else { return DatabaseOpenPlan(openPath: ":memory:") }
            guard let scratch = sandbox.scratchDirectory else {
                return DatabaseOpenPlan(openPath: ":memory:", snapshotSource: path)
            }
            let copy = try makeTemporaryFile(in: scratch)
            return DatabaseOpenPlan(openPath: copy, snapshotSource: path, temporaryFile: copy)
        }
    }

    init(openPath: String, snapshotSource: String? = nil, temporaryFile: String? = nil) {
        self.openPath = openPath
        self.snapshotSource = snapshotSource
        self.temporaryFile = temporaryFile
    }

    /// A new empty file with a unique name (an empty file is a valid empty SQLite database).
    private static func makeTemporaryFile(in directory: String) throws -> String {
        var template = Array((directory + "/aura-db-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw RuntimeError(.databaseError, "cannot create a sandbox copy of the database in \(directory): \(reason)")
        }
        close(descriptor)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
