import AuraSema
#if canImport(Glibc)
import Glibc
#endif

/// What AURA can tell about the pre-commit framework (https://pre-commit.com) running it.
///
/// The framework sets `PRE_COMMIT=1` for its hooks. On a normal commit (not `--all-files` or
/// `--files`) with unstaged changes it first saves them as a patch,
/// `<store>/patch<seconds>-<pid of pre-commit>` (store: `$PRE_COMMIT_HOME`, else
/// `$XDG_CACHE_HOME/pre-commit`, else `~/.cache/pre-commit`), checks the index out into the
/// working tree, runs the hooks, and applies the patch again — or, when a hook's change
/// conflicts with it, throws the hook's change away ("Rolling back fixes"). A hook must then not
/// write the working tree: its change would be lost, or worse, recorded but gone.
public struct PreCommitFramework: Equatable, Sendable {
    /// `PRE_COMMIT=1`.
    public let isRunning: Bool
    /// The framework's patch of the stashed unstaged changes, when found.
    public let stashPatch: String?
    /// The working tree must not be written: the framework stashed changes, or AURA cannot tell
    /// that it did not (the process ancestry is unreadable).
    public let hasStashed: Bool

    /// Not under the framework.
    public static let absent = PreCommitFramework(isRunning: false, stashPatch: nil, hasStashed: false)

    /// Detects the framework from `environment` and, for the stash, the patch file named after
    /// one of this process's ancestors (`ancestors`: nil when they cannot be read).
    public static func detect(environment: [String: String], ancestors: [Int32]? = ProcessAncestry.current()) -> PreCommitFramework {
        guard environment["PRE_COMMIT"] == "1" else { return .absent }
        guard let ancestors else { return PreCommitFramework(isRunning: true, stashPatch: nil, hasStashed: true) }
        let store = storeDirectory(environment)
        guard let names = directoryEntries(store) else {
            return PreCommitFramework(isRunning: true, stashPatch: nil, hasStashed: false)
        }
        let pids = Set(ancestors)
        for name in names.sorted() {
            if let pid = patchOwner(name), pids.contains(pid) {
                return PreCommitFramework(isRunning: true, stashPatch: store + "/" + name, hasStashed: true)
            }
        }
        return PreCommitFramework(isRunning: true, stashPatch: nil, hasStashed: false)
    }

    /// The framework's store directory (its `Store.get_default_directory`).
    static func storeDirectory(_ environment: [String: String]) -> String {
        if let home = environment["PRE_COMMIT_HOME"], !home.isEmpty { return home }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? "") + "/.cache")
        return cache + "/pre-commit"
    }

    /// The pid in a stash patch's name, `patch<seconds>-<pid>`.
    static func patchOwner(_ name: String) -> Int32? {
        guard name.hasPrefix("patch") else { return nil }
        let parts = name.dropFirst("patch".count).split(separator: "-")
        guard parts.count == 2, parts[0].allSatisfy(\.isNumber), !parts[0].isEmpty else { return nil }
        return Int32(parts[1])
    }

    /// The names in `path`, or nil when it does not exist or cannot be read.
    static func directoryEntries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// The chain of parent processes, read from `/proc` (Linux).
public enum ProcessAncestry {
    /// This process's ancestors, parent first, up to init; nil when `/proc` cannot be read.
    public static func current() -> [Int32]? {
        var result: [Int32] = []
        var pid = getpid()
        for _ in 0..<64 {
            guard let parent = parent(of: pid) else { return result.isEmpty ? nil : result }
            if parent <= 1 { break }
            result.append(parent)
            pid = parent
        }
        return result
    }

    /// Field 4 of `/proc/<pid>/stat` (after the command name, which may hold spaces and `)`).
    static func parent(of pid: Int32) -> Int32? {
        guard let bytes = (try? FileReader.read("/proc/\(pid)/stat")) ?? nil,
              let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = String(decoding: bytes[(close + 1)...], as: UTF8.self).split(separator: " ")
        guard fields.count > 1 else { return nil }
        return Int32(fields[1])
    }
}
