import AuraGit
import Foundation
import XCTest

/// libgit2's init parses no CA bundle: AURA never lets libgit2 open a TLS connection, and the
/// parse cost ~4 ms on every command. The bundle libgit2 asked for is kept and can be loaded.
final class LibGit2StartupTests: XCTestCase {
    func testInitDefersTheCertificateBundleAndLoadingItLater() throws {
        let repo = try TempRepository()
        _ = try repo.open()
        XCTAssertEqual(LibGit2.certificateParses, 0, "opening a repository parses no certificates")
        // libgit2 is linked with Debian's mbedTLS (Package.swift), whose default location is
        // the system bundle: the call was caught by the link's --wrap, not performed.
        let bundle = "/etc/ssl/certs/ca-certificates.crt"
        XCTAssertEqual(LibGit2.deferredCertificateFile, FileManager.default.fileExists(atPath: bundle) ? bundle : nil)

        try LibGit2.loadDeferredCertificates()
        XCTAssertEqual(LibGit2.certificateParses, LibGit2.deferredCertificateFile == nil ? 0 : 1, "loaded once, on request")
    }
}
