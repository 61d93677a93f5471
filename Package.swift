// swift-tools-version: 6.0
// AURA: a small statically typed language and a git-native self-healing tool.
// Layers (arrows point to dependencies) are described in README.md (Layout);
// the language targets never import the git, provider or ledger targets.
import PackageDescription

/// The parser, the checker and the VM keep their hot state in classes; in release builds the dynamic
/// exclusivity checks on it (`swift_beginAccess`, a thread-local access set) were ~8% of
/// `aura check` on 100k lines. Debug builds — every test run — keep the checks, so an
/// overlapping access is still caught where it is written.
let releaseHotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

/// libgit2 is linked statically, with the archives of what it links (all shipped by
/// libgit2-dev's dependencies): as a shared library it brought 16 more into every `git aura`
/// start — mbedTLS, libssh2 and OpenSSL's libcrypto among them, for transports AURA never uses
/// (fetch and push run git) — each mapped, relocated and symbol-resolved (BIND_NOW) before
/// `main`. A C program that only links libgit2: 2.8 -> 1.5 ms of CPU per start (perf stat, 200
/// runs). GSSAPI has no static archive in Debian and stays shared. `--wrap` routes libgit2's
/// CA-bundle parse through CGit2Certificates and its file checksums through CGit2Checksums.
let libgit2Link: [LinkerSetting] = [.unsafeFlags([
    "-Bstatic", "-lgit2", "-lmbedtls", "-lmbedx509", "-lmbedcrypto", "-lhttp_parser", "-lssh2", "-lcrypto", "-lpcre2-8", "-lz",
    "-Bdynamic", "-l:libgssapi_krb5.so.2",
    "--wrap=mbedtls_x509_crt_parse_file", "--wrap=git_hash_buf",
].flatMap { ["-Xlinker", $0] })]

let package = Package(
    name: "aura",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aura", targets: ["aura"]),
        .executable(name: "git-aura", targets: ["git-aura"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries. Variadic C functions get typed inline wrappers in each shim.h.
        // libgit2 is linked by AuraGit (`libgit2Link`), so no pkg-config (its -lgit2 is the shared library).
        .systemLibrary(name: "CGit2", providers: [.apt(["libgit2-dev"])]),
        // libcurl is dlopen()ed on first use (see Sources/CCurl/shim.h), so it is not linked.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // libpq is dlopen()ed on the first postgres:// connect (see Sources/CPostgres/shim.h), so it is not linked.
        .systemLibrary(name: "CPostgres", providers: [.apt(["libpq5"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The version number both commands and their manual pages print: no dependencies.
        .target(name: "AuraVersion"),
        // JSON (value, parser, writer) for every layer: no dependencies, no Foundation.
        .target(name: "AuraJSON"),
        // The language.
        .target(name: "AuraDiagnostics", dependencies: ["AuraJSON"]),
        .target(name: "AuraSyntax", dependencies: ["AuraDiagnostics"], swiftSettings: releaseHotPath),
        .target(name: "AuraSema", dependencies: ["AuraSyntax", "AuraDiagnostics"], swiftSettings: releaseHotPath),
        // `aura fmt`: the canonical printer and the span-free syntax dump that guards it.
        .target(name: "AuraFormat", dependencies: ["AuraSyntax", "AuraDiagnostics"]),
        // Capability libraries the runtime builds on.
        .target(name: "AuraHTTP", dependencies: ["CCurl"]),
        .target(name: "AuraVM", dependencies: ["AuraJSON", "AuraSema", "AuraSyntax", "AuraDiagnostics", "CSQLite3", "CPostgres", "AuraHTTP"],
                swiftSettings: releaseHotPath),

        // `aura lsp`: the language server (no git: the healer's rules and verification come from AuraRepair).
        .target(name: "AuraLSP", dependencies: ["AuraJSON", "AuraDiagnostics", "AuraSyntax", "AuraSema", "AuraFormat", "AuraRepair", "AuraVersion"]),

        // Command line.
        .target(name: "AuraCLI", dependencies: [
            "AuraLSP", "AuraJSON", "AuraDiagnostics", "AuraSyntax", "AuraSema", "AuraVM", "AuraFormat", "AuraVersion",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "aura", dependencies: ["AuraCLI", "AuraDiagnostics"]),

        // Git layer: libgit2 wrapper, snapshot store, `git aura` commands.
        .target(name: "AuraGit", dependencies: ["CGit2", "CGit2Certificates", "CGit2Checksums"], linkerSettings: libgit2Link),
        // Defers the CA-bundle parse libgit2 does at init (see its header): C, because it
        // wraps an mbedTLS function libgit2 calls (the link's --wrap).
        .target(name: "CGit2Certificates"),
        // libgit2's file checksums (the index's above all) through OpenSSL's SHA-1 instead of
        // SHA1DC (see its header): C, because it wraps a libgit2 function (the link's --wrap).
        .target(name: "CGit2Checksums"),
        // Ledger (SQLite via GRDB) of sessions, attempts and operations; structured logs.
        .target(name: "AuraLedger", dependencies: [
            "AuraGit", "AuraDiagnostics", "AuraJSON", "CSQLite3", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
        ]),
        // History: snapshot store, refs, undo/redo/restore, publishing. Git only: `git aura undo`
        // and friends never need the language.
        .target(name: "AuraHistory", dependencies: ["AuraGit"]),
        // The healer's git-free half: problems, candidates, the rules provider, patch safety and
        // in-memory verification. The language server (`aura lsp`) offers its fixes as code actions
        // without linking git.
        .target(name: "AuraRepair", dependencies: ["AuraVM", "AuraSema", "AuraSyntax", "AuraDiagnostics"]),
        .target(name: "AuraHeal", dependencies: ["AuraRepair", "AuraHistory", "AuraGit", "AuraVM", "AuraSema", "AuraSyntax", "AuraFormat", "AuraDiagnostics", "AuraLedger"]),
        // Model heal providers (Claude, OpenAI-compatible, replay) over AuraHTTP.
        .target(name: "AuraProviders", dependencies: ["AuraJSON", "AuraHTTP", "AuraHistory", "AuraHeal", "AuraGit", "AuraDiagnostics", "AuraSema", "AuraVersion"]),
        .target(name: "AuraGitCLI", dependencies: [
            "AuraGit", "AuraHistory", "AuraHeal", "AuraDiagnostics", "AuraJSON", "AuraProviders", "AuraLedger", "AuraVersion", "AuraHTTP", "AuraVM",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "git-aura", dependencies: ["AuraGitCLI", "AuraDiagnostics"]),

        // Tests.
        .testTarget(name: "AuraHealTests", dependencies: ["AuraHistory", "AuraHeal", "AuraRepair", "AuraGit", "AuraVM", "AuraDiagnostics", "AuraLedger", "AuraTestSupport"]),
        .testTarget(name: "AuraGitTests", dependencies: ["AuraGit", "AuraHistory", "AuraHeal", "AuraGitCLI", "AuraVersion", "AuraTestSupport", "git-aura"]),
        .testTarget(name: "AuraLedgerTests", dependencies: [
            "AuraLedger", "AuraHistory", "AuraHeal", "AuraGit", "AuraGitCLI", "git-aura", "ledger-probe", "AuraTestSupport", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "AuraDiagnosticsTests", dependencies: ["AuraDiagnostics", "AuraJSON"]),
        .testTarget(name: "AuraSyntaxTests", dependencies: ["AuraSyntax"]),
        .testTarget(name: "AuraSemaTests", dependencies: ["AuraSema", "AuraSyntax"]),
        .testTarget(name: "AuraLSPTests", dependencies: ["AuraLSP", "AuraJSON", "AuraTestSupport", "aura"]),
        .testTarget(name: "AuraFormatTests", dependencies: ["AuraFormat", "AuraSyntax", "AuraDiagnostics"]),
        .testTarget(name: "AuraFuzzTests", dependencies: ["AuraFuzzSupport", "AuraDiagnostics"]),
        .target(name: "AuraTestSupport", path: "Tests/AuraTestSupport"),
        // The front-end fuzz harness, shared by the XCTest mutation run and `aura-fuzz`
        // (libFuzzer: scripts/fuzz.sh).
        .target(name: "AuraFuzzSupport", dependencies: ["AuraSema", "AuraSyntax", "AuraDiagnostics"], path: "Tests/AuraFuzzSupport"),
        .executableTarget(name: "aura-fuzz", dependencies: ["AuraFuzzSupport"]),
        .testTarget(name: "AuraHTTPTests", dependencies: ["AuraHTTP", "AuraTestSupport"]),
        .testTarget(name: "AuraVMTests", dependencies: ["AuraJSON", "AuraVM", "AuraSema", "AuraDiagnostics", "AuraTestSupport"]),
        .testTarget(name: "AuraFixtureTests", dependencies: ["AuraCLI", "AuraVM", "AuraSema", "AuraSyntax", "AuraDiagnostics", "AuraTestSupport"]),
        .testTarget(name: "AuraProvidersTests", dependencies: [
            "AuraProviders", "AuraHistory", "AuraHeal", "AuraGit", "AuraHTTP", "AuraDiagnostics", "AuraJSON", "AuraTestSupport", "git-aura", "aura", "provider-probe",
        ]),
        // Spawned by AuraProvidersTests: the rate limiter seen from two processes.
        .executableTarget(name: "provider-probe", dependencies: ["AuraProviders"], path: "Tests/ProviderProbe"),
        .executableTarget(name: "ledger-probe", dependencies: ["AuraLedger"], path: "Tests/LedgerProbe"),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CGit2", "CCurl", "CSQLite3", "CPostgres"]),
        // The editor packages under editors/: static checks, and real editors (Neovim, Emacs) driven
        // headless on fixtures and against `aura lsp` (scripts in Drivers/).
        .testTarget(name: "AuraEditorTests", dependencies: ["AuraSyntax", "aura"], exclude: ["Drivers"]),
    ],
    swiftLanguageModes: [.v6]
)
