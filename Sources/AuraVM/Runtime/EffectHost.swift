/// What effectful builtins may do, and where their effects go. The CLI gives real effects;
/// `aura test --sandbox` and the healer's verification give a sandboxed host.
public final class EffectHost: @unchecked Sendable {
    /// Receives everything `print!` writes (one call per line, newline included).
    public var output: (String) -> Void
    /// `args!()`.
    public var arguments: [String]
    /// `env!(name)`.
    public var environment: [String: String]
    public var sandbox: Sandbox
    /// Deterministic `random!()` when set (tests, verification).
    public var randomSeed: UInt64?

    public init(output: @escaping (String) -> Void, arguments: [String] = [], environment: [String: String] = [:],
                sandbox: Sandbox = .none, randomSeed: UInt64? = nil) {
        self.output = output
        self.arguments = arguments
        self.environment = environment
        self.sandbox = sandbox
        self.randomSeed = randomSeed
    }
}

/// Confinement of effects for verification and sandboxed tests.
public struct Sandbox: Sendable {
    /// No confinement: real files, network and databases.
    public static let none = Sandbox(isEnabled: false, scratchDirectory: nil, allowNetwork: true)

    public var isEnabled: Bool
    /// Where `write_file!` may write (relative paths resolve here); nil = no writes at all.
    public var scratchDirectory: String?
    /// Whether `http.*` may reach the network.
    public var allowNetwork: Bool
    /// The project as verification sees it (in memory), keyed by project-relative path:
    /// `read_file!` of such a path is served from here, never from the disk.
    public var projectFiles: [String: [UInt8]]
    /// Directories on disk whose files sandboxed code may read (`aura test --sandbox` gives
    /// the project directory). Reads anywhere else fail with R0017; see `SandboxPaths`.
    public var readableRoots: [String]
    /// `aura.verify.databaseUrl`: the scratch PostgreSQL database every sandboxed `postgres://`
    /// connect opens instead, inside a transaction that is rolled back (`PostgresOpenPlan`).
    /// Nil: sandboxed code cannot connect to a database server at all (R0019).
    public var databaseUrl: String?

    public init(isEnabled: Bool, scratchDirectory: String?, allowNetwork: Bool,
                projectFiles: [String: [UInt8]] = [:], readableRoots: [String] = [], databaseUrl: String? = nil) {
        self.isEnabled = isEnabled
        self.scratchDirectory = scratchDirectory
        self.allowNetwork = allowNetwork
        self.projectFiles = projectFiles
        self.readableRoots = readableRoots
        self.databaseUrl = databaseUrl
    }

    /// The healer's and `aura test --sandbox`'s policy: databases in memory (or a copy),
    /// no network unless allowed, reads of the project and the scratch directory only, writes
    /// only in the scratch directory, SQL that cannot reach files elsewhere, database servers
    /// only through the rolled-back scratch database `databaseUrl`.
    public static func confined(scratchDirectory: String, allowNetwork: Bool = false,
                                projectFiles: [String: [UInt8]] = [:], readableRoots: [String] = [],
                                databaseUrl: String? = nil) -> Sandbox {
        Sandbox(isEnabled: true, scratchDirectory: scratchDirectory, allowNetwork: allowNetwork,
                projectFiles: projectFiles, readableRoots: readableRoots, databaseUrl: databaseUrl)
    }
}
