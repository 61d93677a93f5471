#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a sandboxed file access may go. Reads see the scratch directory, the project snapshot
/// (`Sandbox.projectFiles`) and `Sandbox.readableRoots`; writes go to the scratch directory
/// only. Anything else — an absolute path elsewhere, `..` climbing out, a symlink pointing out —
/// fails with R0017 before a byte is read or written.
///
/// Containment is decided on real paths (`realpath`), not on spelling: a symlink planted in
/// the scratch directory that points at /etc is judged by where it leads.
enum SandboxPaths {
    /// What a sandboxed `read_file!` reads.
    enum ReadSource: Equatable {
        /// A file on disk, already known to be inside an allowed directory.
        case file(String)
        /// A file of the in-memory project snapshot.
        case snapshot([UInt8])
    }

    /// Resolves `path` for reading under `sandbox` (which must be enabled).
    static func read(_ path: String, in sandbox: Sandbox, builtin: String) throws -> ReadSource {
        if path.hasPrefix("/") {
            let directories = (sandbox.scratchDirectory.map { [$0] } ?? []) + sandbox.readableRoots
            if let real = realPath(path) {
                if directories.contains(where: { isInside(real, root: $0) }) { return .file(real) }
            } else if directories.contains(where: { isInside(lexical: path, root: $0) }) {
                throw RuntimeError(.fileError, "cannot open \(path): No such file or directory")
            }
            throw outside(builtin, path, reading: true)
        }
        guard let relative = normalized(path) else { throw outside(builtin, path, reading: true) }
        // The scratch directory first, so a program reads back what it wrote; then the snapshot
        // the verification runs on; then directories on disk (the project of `aura test --sandbox`).
        if let scratch = sandbox.scratchDirectory, let found = try onDisk(relative, in: scratch, builtin, path) { return found }
        if let bytes = sandbox.projectFiles[relative] { return .snapshot(bytes) }
        for root in sandbox.readableRoots {
            if let found = try onDisk(relative, in: root, builtin, path) { return found }
        }
        throw RuntimeError(.fileError, "cannot open \(path): No such file in the sandbox",
                           help: ["sandboxed code sees only the project's files and its scratch directory"])
    }

    /// R0017 unless the database file `path` (opened read-only and copied by the sandbox) is
    /// inside the scratch directory, a readable root, or — for a relative path that does not
    /// climb out — the current directory, which is the project when verification runs.
    static func checkDatabase(_ path: String, in sandbox: Sandbox) throws {
        let builtin = "db.connect!"
        var roots = (sandbox.scratchDirectory.map { [$0] } ?? []) + sandbox.readableRoots
        if !path.hasPrefix("/") {
            guard normalized(path) != nil else { throw outside(builtin, path, reading: true) }
            roots.append(".")
        }
        guard let real = realPath(path) else {
            if path.hasPrefix("/"), !roots.contains(where: { isInside(lexical: path, root: $0) }) { throw outside(builtin, path, reading: true) }
            return
        }
        if !roots.contains(where: { isInside(real, root: $0) }) { throw outside(builtin, path, reading: true) }
    }

    /// `relative` under `directory` if it exists there; R0017 when it exists but really lies
    /// elsewhere (a symlink pointing out).
    private static func onDisk(_ relative: String, in directory: String, _ builtin: String, _ path: String) throws -> ReadSource? {
        guard let real = realPath(join(directory, relative)) else { return nil }
        guard isInside(real, root: directory) else { throw outside(builtin, path, reading: true) }
        return .file(real)
    }

    /// Resolves `path` for writing: inside the scratch directory, whose existing parent
    /// directories must really be inside it (the last component is opened with O_NOFOLLOW).
    static func write(_ path: String, in sandbox: Sandbox, builtin: String) throws -> String {
        guard let scratch = sandbox.scratchDirectory else {
            throw RuntimeError(.sandboxPathDenied, "\(builtin)(\"\(path)\"): write outside the scratch directory (this sandbox allows no file writes)")
        }
        let target: String
        if path.hasPrefix("/") {
            guard isInside(lexical: path, root: scratch) else { throw outside(builtin, path, reading: false) }
            target = path
        } else {
            guard let relative = normalized(path) else { throw outside(builtin, path, reading: false) }
            target = join(scratch, relative)
        }
        let parent = String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)])
        // A missing parent is a plain file error when open fails; an existing one must not lead out.
        if let real = realPath(parent.isEmpty ? "/" : parent), !isInside(real, root: scratch) {
            throw outside(builtin, path, reading: false)
        }
        return target
    }

    /// `path`'s components with `.` dropped and `..` applied; nil when it is empty or climbs
    /// above its start.
    static func normalized(_ path: String) -> String? {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(component)
            }
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }

    /// The canonical absolute path (symlinks resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the real path `real` is `root` or below it.
    static func isInside(_ real: String, root: String) -> Bool {
        let base = realPath(root) ?? root
        if base == "/" { return true }
        return real == base || real.hasPrefix(base + "/")
    }

    /// Whether an absolute path that may not exist yet is spelled inside `root`, after `..`.
    static func isInside(lexical path: String, root: String) -> Bool {
        guard let normal = normalized(path) else { return false }
        let spelled = "/" + normal
        let base = realPath(root) ?? root
        return spelled == base || spelled.hasPrefix(base + "/") || spelled == root || spelled.hasPrefix(root + "/")
    }

    private static func join(_ directory: String, _ relative: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + relative
    }

    private static func outside(_ builtin: String, _ path: String, reading: Bool) -> RuntimeError {
        let shown = path.count > 200 ? String(path.prefix(200)) + "…" : path
        if reading {
            return RuntimeError(.sandboxPathDenied, "\(builtin)(\"\(shown)\"): read outside the project and the scratch directory",
                                help: ["sandboxed code may read the project's files (by relative path) and what it wrote itself"])
        }
        return RuntimeError(.sandboxPathDenied, "\(builtin)(\"\(shown)\"): write outside the scratch directory",
                            help: ["in the sandbox, write to a relative path; it resolves inside the scratch directory"])
    }
}
