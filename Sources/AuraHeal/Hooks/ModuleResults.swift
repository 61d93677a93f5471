import AuraGit
import AuraHistory
import AuraRepair
import AuraSema
#if canImport(Glibc)
import Glibc
#endif

/// Per-module verification results that stay valid while the module and everything it imports
/// are unchanged: key = hash of the module's bytes and its imports' keys (transitively).
/// Stored under `<common git dir>/aura/verify-cache/modules/`; only passing results are kept.
public struct ModuleResults: KnownModuleResults {
    let directory: String

    public init(repository: Repository) {
        directory = repository.commonDirectory + "aura/verify-cache/modules"
    }

    /// Content keys of every module of a checked program.
    public func keys(_ program: CheckedProgram) -> [String: String] { Self.keys(program) }

    /// Content keys of every module of a checked program.
    public static func keys(_ program: CheckedProgram) -> [String: String] {
        var keys: [String: String] = [:]
        let toolchain = Array(VerificationCache.toolchain.utf8)
        // The module's fields are read in place: a copy of a `CheckedModule` retains ~20 arrays.
        func key(_ index: Int32, _ visiting: inout Set<Int32>) -> String {
            let path = program.modules[Int(index)].path
            if let known = keys[path] { return known }
            visiting.insert(index)
            var material = program.modules[Int(index)].tree.file.bytes
            for target in program.modules[Int(index)].imports.values.sorted() where !visiting.contains(target) {
                material += Array(key(target, &visiting).utf8)
            }
            visiting.remove(index)
            material += toolchain
            let result = ObjectID.hashing(material).hex
            keys[path] = result
            return result
        }
        for index in program.modules.indices {
            var visiting = Set<Int32>()
            _ = key(Int32(index), &visiting)
        }
        return keys
    }

    func file(_ key: String) -> String { directory + "/" + key }

    /// Whether this module, with this key, passed all its tests and its `main` before.
    public func passed(_ module: String, _ key: String) -> Bool { access(file(key), F_OK) == 0 }

    /// Records every module of a verification whose tests and `main` all passed: one file per
    /// key, listing the titles that passed (for people; a verification asks only whether the
    /// file exists, and takes the titles from the module's syntax tree, which the key covers).
    public func record(_ verification: Verification) {
        guard !verification.hasCompileErrors else { return }
        guard (try? Directories.make(directory)) != nil else { return }
        for (module, key) in verification.moduleKeys where !verification.skippedModules.contains(module) {
            let failed = verification.failedTests.keys.contains { $0.module == module } || verification.failedMains[module] != nil
            if failed { continue }
            let titles = verification.passedTests.filter { $0.module == module }.map(\.title).sorted()
            let text = titles.joined(separator: "\n")
            let fd = open(file(key), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { continue }
            _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
    }
}
