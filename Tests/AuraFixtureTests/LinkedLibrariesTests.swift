import Foundation
import XCTest

/// What each installed binary loads at startup, read with `ldd`: startup cost is part of the
/// contract (an empty program must start faster than CPython), so the claims made in comments
/// and docs are enforced here rather than trusted.
final class LinkedLibrariesTests: XCTestCase {
    func libraries(of name: String) throws -> [String] {
        let binary = URL(fileURLWithPath: CLITests.binary).deletingLastPathComponent().appendingPathComponent(name).path
        // `make test` builds every product next to the tests: a missing binary is a failure, not a skip.
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("\(name) is not built next to the tests (\(binary))")
            return []
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [binary]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        return text.split(separator: "\n").compactMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) }
    }

    /// The language binary: no full Foundation (it loads ICU, ~5 ms per start), no git, no curl
    /// (libcurl is dlopen()ed on a program's first HTTP call), no libpq (dlopen()ed on the first
    /// `postgres://` connect).
    func testAuraLoadsNeitherFoundationNorGitNorCurl() throws {
        let linked = try libraries(of: "aura")
        XCTAssertTrue(linked.contains { $0.hasPrefix("libFoundationEssentials") }, "\(linked)")
        for forbidden in ["libFoundation.so", "lib_FoundationICU", "libFoundationInternationalization", "libgit2", "libcurl", "libpq"] {
            XCTAssertFalse(linked.contains { $0.hasPrefix(forbidden) }, "aura links \(forbidden): \(linked)")
        }
    }

    /// `git-aura` links (through GRDB) Foundation, but not libcurl; libgit2 is linked statically
    /// with its TLS, SSH and crypto libraries, which as shared libraries were mapped and relocated
    /// at every start.
    func testGitAuraLoadsCurlOnlyOnDemandAndNoSharedLibGit2() throws {
        let linked = try libraries(of: "git-aura")
        for shared in ["libgit2", "libmbedtls", "libmbedx509", "libmbedcrypto", "libssh2", "libcrypto", "libhttp_parser", "libpcre2"] {
            XCTAssertFalse(linked.contains { $0.hasPrefix(shared) }, "git-aura loads \(shared): \(linked)")
        }
        XCTAssertFalse(linked.contains { $0.hasPrefix("libcurl") }, "git-aura links libcurl: \(linked)")
        XCTAssertFalse(linked.contains { $0.hasPrefix("libpq") }, "git-aura links libpq: \(linked)")
    }
}
