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

    /// The index's trailing checksum is verified through OpenSSL's SHA-1 (the link's
    /// --wrap=git_hash_buf), with git's answers: an index git wrote is read, one byte changed in
    /// it is refused by both (git's fsck: git's ordinary reads skip the check).
    func testTheIndexChecksumIsVerifiedThroughTheFastSHA1AndStillCatchesCorruption() throws {
        let repo = try TempRepository()
        for i in 0..<50 { try repo.write("src/f\(i).aura", "main = print!(\(i))\n") }
        try repo.git("add", "-A")
        let before = LibGit2.fastChecksums
        let staged = try repo.open().stagedTree()
        XCTAssertEqual(staged.description, try repo.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertGreaterThan(LibGit2.fastChecksums, before, "the index's checksum went through the wrapper")
        // Object ids are not file checksums: they keep SHA1DC (and must equal git's).
        let blob = try repo.git("hash-object", "src/f7.aura").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try repo.git("rev-parse", ":src/f7.aura").trimmingCharacters(in: .whitespacesAndNewlines), blob)

        // One byte of a path inside the index changed, the trailer left as it was.
        var bytes = [UInt8](try XCTUnwrap(repo.indexBytes()))
        let name = Array("src/f7.aura".utf8)
        let at = try XCTUnwrap((0...(bytes.count - name.count)).first { bytes[$0..<($0 + name.count)].elementsEqual(name) })
        bytes[at + 5] = UInt8(ascii: "8")
        try Data(bytes).write(to: URL(fileURLWithPath: repo.root + "/.git/index"))
        XCTAssertThrowsError(try repo.open().stagedTree()) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        // git checks an index's checksum only in fsck (its ordinary reads skip it).
        XCTAssertThrowsError(try repo.git("fsck", "--no-dangling"), "git fsck refuses the same index")
    }
}
