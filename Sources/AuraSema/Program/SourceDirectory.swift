#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `.aura` files of a directory tree, as `aura check`, `aura fmt` and the language server see a
/// project.
public enum SourceDirectory {
    /// Every `.aura` file below `directory`, skipping hidden and build directories, sorted.
    public static func auraFiles(under directory: String) -> [String] {
        var result: [String] = []
        var pending = [directory]
        while let current = pending.popLast() {
            guard let handle = opendir(current) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") || name == "node_modules" { continue }
                let path = current == "." ? name : current + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    pending.append(path)
                } else if name.hasSuffix(".aura"), (info.st_mode & S_IFMT) == S_IFREG {
                    result.append(path)
                }
            }
        }
        return result.sorted()
    }
}
