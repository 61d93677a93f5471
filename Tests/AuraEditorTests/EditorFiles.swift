import Foundation
import XCTest

/// Paths of the repository, its editors/ folder and this target's driver scripts.
enum EditorFiles {
    /// The repository root (three levels above this file).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var editors: String { root + "/editors" }

    /// A script under Tests/AuraEditorTests/Drivers.
    static func driver(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Drivers/" + name).path
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path.hasPrefix("/") ? path : editors + "/" + path, encoding: .utf8)
    }

    /// Every file under editors/ whose name ends in `suffix`, as absolute paths, sorted.
    static func files(endingIn suffix: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: editors) else { return [] }
        return enumerator.compactMap { $0 as? String }
            .filter { $0.hasSuffix(suffix) && !$0.contains("node_modules/") }
            .map { editors + "/" + $0 }
            .sorted()
    }

    /// A fresh directory removed when the test ends.
    static func temporaryDirectory(for test: XCTestCase, prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
