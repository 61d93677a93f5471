import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths on the command line, resolved the way git resolves them: relative to the current
/// directory, absolute, or `:/path` (and `:/` alone) from the top of the working tree. A path
/// outside the repository, one that does not exist, or one that holds no `.aura` file is a usage
/// error naming it — never a silent "nothing to heal".
struct PathArguments {
    /// The top of the working tree, without a trailing slash.
    let root: String
    /// The current directory (absolute).
    let currentDirectory: String

    /// Both are canonicalised (symlinks resolved, as `getcwd` and libgit2 may see them differently).
    init(root: String, currentDirectory: String) {
        let root = Self.canonical(root)
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.currentDirectory = Self.canonical(currentDirectory)
    }

    /// Project-relative paths ("." for the whole tree) for each argument, in order.
    func resolve(_ arguments: [String]) throws -> [String] {
        try arguments.map(resolve)
    }

    /// A path that must name `.aura` code in the working tree: a file, or a directory holding some.
    func resolve(_ argument: String) throws -> String {
        let relative = try projectPath(argument)
        let normalized = relative == "." ? root : (root == "/" ? "/" : root + "/") + relative
        var info = stat()
        guard lstat(normalized, &info) == 0 else {
            throw ValidationError("`\(argument)` matches no file in the working tree (looked for \(relative == "." ? "the top" : relative)); paths are relative to the current directory, or `:/path` from the top of the repository")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard Self.containsAuraFile(normalized) else {
                throw ValidationError("`\(argument)` holds no .aura file; nothing there can be healed")
            }
        } else if !normalized.hasSuffix(".aura") {
            throw ValidationError("`\(argument)` is not an AURA file (only .aura files are healed)")
        }
        return relative
    }

    /// The project-relative form of a path ("." for the top), which must lie inside the working
    /// tree; whether it exists is not checked.
    func projectPath(_ argument: String) throws -> String {
        guard !argument.isEmpty else { throw ValidationError("an empty path matches no file; name a file or directory, or `:/` for the whole project") }
        let absolute: String
        if argument.hasPrefix(":/") {
            absolute = root + "/" + argument.dropFirst(2)
        } else if argument.hasPrefix("/") {
            absolute = argument
        } else {
            absolute = currentDirectory + "/" + argument
        }
        let normalized = Self.normalize(absolute)
        guard normalized == root || normalized.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw ValidationError("`\(argument)` is outside the repository (\(root)); name a path inside it, or `:/path` from its top")
        }
        return normalized == root ? "." : String(normalized.dropFirst(root == "/" ? 1 : root.count + 1))
    }

    /// `realpath`, or the textual normalisation when the path does not exist.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return normalize(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `/a/./b/../c/` → `/a/c` (textual, as git does for pathspecs; symlinks are not followed).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether a directory (recursively, skipping `.git` and symlinks) holds a `.aura` file.
    static func containsAuraFile(_ directory: String) -> Bool {
        guard let handle = opendir(directory) else { return false }
        defer { closedir(handle) }
        var subdirectories: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name == "." || name == ".." || name == ".git" { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG where name.hasSuffix(".aura"): return true
            case S_IFDIR: subdirectories.append(path)
            default: continue
            }
        }
        return subdirectories.contains(where: containsAuraFile)
    }
}
