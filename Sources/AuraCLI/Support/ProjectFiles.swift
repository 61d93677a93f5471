import AuraSema
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the `.aura` files a command works on.
enum ProjectFiles {
    /// Expands paths (files and directories) to `.aura` files; no paths means the current directory.
    static func collect(_ paths: [String]) throws -> [String] {
        let roots = paths.isEmpty ? ["."] : paths
        var files: [String] = []
        for root in roots {
            var info = stat()
            guard stat(root, &info) == 0 else {
                throw UsageFailure(message: "cannot read `\(root)`: \(String(cString: strerror(errno)))")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let found = walk(root)
                if found.isEmpty && !paths.isEmpty {
                    throw UsageFailure(message: "no .aura files under `\(root)`")
                }
                files += found
            } else {
                guard access(root, R_OK) == 0 else {
                    throw UsageFailure(message: "cannot read `\(root)`: \(String(cString: strerror(errno)))")
                }
                files.append(normalize(root))
            }
        }
        if files.isEmpty { throw UsageFailure(message: "no .aura files in the current directory") }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    static func normalize(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }

    /// Every `.aura` file below `directory`, skipping hidden and build directories, sorted.
    static func walk(_ directory: String) -> [String] { SourceDirectory.auraFiles(under: directory).map(normalize) }
}
