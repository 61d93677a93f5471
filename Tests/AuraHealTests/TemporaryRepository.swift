import AuraGit
import AuraHistory
import AuraHeal
import Foundation
import AuraTestSupport
import XCTest

/// The shared temporary repository (AuraTestSupport.GitTestRepository) plus the heal tests'
/// conveniences: a snapshot store on it, and a health check with the real git CLI.
final class TemporaryRepository: GitTestRepository {
    init(files: [String: String]) throws { try super.init(files: files, prefix: "aura-heal") }

    func store() throws -> SnapshotStore { SnapshotStore(repository: try Repository.open(at: path)) }

    /// `git fsck --strict` must be clean and the heal history readable.
    func assertHealthy(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertNoThrow(try git("fsck", "--strict", "--no-progress"), file: file, line: line)
        if (try? git("rev-parse", "--verify", "-q", "refs/aura/heal")) != nil {
            XCTAssertNoThrow(try git("log", "--oneline", "refs/aura/heal"), file: file, line: line)
        }
    }
}
