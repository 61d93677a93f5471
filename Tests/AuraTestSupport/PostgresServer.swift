import Foundation
#if canImport(XCTest)
import XCTest
#endif

/// A private PostgreSQL server for tests: Debian's `postgresql` binaries
/// (/usr/lib/postgresql/VERSION/bin), a cluster made by `initdb` in a temporary directory,
/// listening on 127.0.0.1 on a free port with its unix socket inside that directory. Start
/// one per test class (`class func setUp`) and `stop()` it in `class func tearDown`: the
/// directory and the server go away.
///
/// `initdb` refuses to run as root, and CI runs tests as root, so as root every server
/// command runs as the `postgres` system user (`runuser -u postgres --`), which owns the
/// directory. Host connections need the password (scram-sha-256), so tests see real
/// credentials in URLs; the local socket trusts the test user for setup commands.
public final class PostgresServer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let user = "aura"
    public let password = "pg-test-secret"
    public private(set) var port = 0
    /// The temporary directory holding the cluster (`data`), the socket and the log.
    public let directory: String
    private let binaries: String
    private let asPostgres: [String]
    private var running = false

    /// initdb, then start on a free loopback port (a new port if another process took it first).
    public init() throws {
        binaries = try Self.binaryDirectory()
        asPostgres = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        var template = Array("/tmp/aura-pg-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(description: "cannot create a directory for the PostgreSQL server")
        }
        directory = String(cString: made)
        do {
            try setUpCluster()
            var lastError: Error?
            for _ in 0..<3 {
                port = LoopbackServer.closedPort()
                do { try start(); lastError = nil; break } catch { lastError = error }
            }
            if let lastError { throw lastError }
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// `postgres://aura:PASSWORD@127.0.0.1:PORT/DATABASE` (over TCP, password checked).
    public func url(database: String = "postgres") -> String {
        "postgres://\(user):\(password)@127.0.0.1:\(port)/\(database)"
    }

    /// `createdb NAME` over the server's socket.
    public func createDatabase(_ name: String) throws {
        try run(binaries + "/createdb", ["-h", directory + "/socket", "-p", String(port), "-U", user, name])
    }

    /// Stops the server (immediately: tests keep nothing) and removes the directory. Idempotent.
    public func stop() {
        if running {
            _ = try? run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
            running = false
        }
        if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) }
    }

    private func setUpCluster() throws {
        try FileManager.default.createDirectory(atPath: directory + "/socket", withIntermediateDirectories: false)
        try Data(password.utf8).write(to: URL(fileURLWithPath: directory + "/password"))
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else {
                throw Failure(description: "running as root needs the `postgres` system user (apt-get install postgresql)")
            }
            for path in [directory, directory + "/socket", directory + "/password"] {
                guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                    throw Failure(description: "cannot hand \(path) to the postgres user: \(String(cString: strerror(errno)))")
                }
            }
        }
        try run(binaries + "/initdb", ["-D", directory + "/data", "-U", user, "--pwfile=" + directory + "/password", "-E", "UTF8",
                                       "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
    }

    private func start() throws {
        let options = "-h 127.0.0.1 -p \(port) -k \(directory)/socket -F -c max_prepared_transactions=2"
        do {
            try run(binaries + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"])
            running = true
        } catch {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw Failure(description: "\(error)\n\(log)")
        }
    }

    /// Runs a server binary (as `postgres` when root) and fails with its output on a non-zero
    /// exit. Spawned and reaped directly (posix_spawn, waitpid) with the output in a file:
    /// `pg_ctl start` leaves a daemon behind, and Foundation's `Process` did not always notice
    /// that `runuser` had exited.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let command = asPostgres + [executable] + arguments
        let outputPath = directory + "/command.out"
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["LC_ALL"] = "C"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        unlink(outputPath)
        // WIFEXITED and WEXITSTATUS are macros Swift does not import.
        let exited = status & 0x7f == 0, code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw Failure(description: "\(command.joined(separator: " ")) failed (status \(status)):\n\(text)")
        }
        return text
    }

    /// The newest /usr/lib/postgresql/VERSION/bin that has initdb and pg_ctl.
    static func binaryDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap { name -> (Int, String)? in
            guard let number = Int(name), FileManager.default.isExecutableFile(atPath: "\(root)/\(name)/bin/initdb") else { return nil }
            return (number, "\(root)/\(name)/bin")
        }
        guard let newest = versions.max(by: { $0.0 < $1.0 }) else {
            throw Failure(description: "no PostgreSQL server binaries under \(root) (apt-get install postgresql)")
        }
        return newest.1
    }
}

/// A test class's PostgreSQL server: `start()` in `class func setUp`, `stop()` in
/// `class func tearDown`; when it could not start, `running()` throws why, so every test of
/// the class fails with the reason.
public struct PostgresFixture: Sendable {
    private var server: Result<PostgresServer, PostgresServer.Failure>?
    private var databases = 0

    public init() {}

    public mutating func start() {
        do { server = .success(try PostgresServer()) } catch let failure as PostgresServer.Failure {
            server = .failure(failure)
        } catch {
            server = .failure(PostgresServer.Failure(description: "\(error)"))
        }
    }

    public mutating func stop() {
        if case let .success(running) = server { running.stop() }
        server = nil
    }

    /// The running server, or the reason it is not running.
    public func running() throws -> PostgresServer {
        guard let server else { throw PostgresServer.Failure(description: "the class's PostgreSQL server was never started") }
        return try server.get()
    }

    /// A new, empty database on the server: its URL (with the password).
    public mutating func freshDatabase() throws -> String {
        let server = try running()
        databases += 1
        let name = "db\(databases)"
        try server.createDatabase(name)
        return server.url(database: name)
    }
}

#if canImport(XCTest)
/// A test class with a PostgreSQL server of its own, started before its first test and stopped
/// after its last (`Self.fixture`). Classes run one after another, so they share the storage. (Only where
/// XCTest exists: a plain `swift build` builds this target too.)
open class PostgresTestCase: XCTestCase {
    nonisolated(unsafe) public static var fixture = PostgresFixture()

    override open class func setUp() {
        super.setUp()
        fixture.start()
    }

    override open class func tearDown() {
        fixture.stop()
        super.tearDown()
    }
}
#endif
