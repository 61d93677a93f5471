#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The private temporary directory a sandboxed run may write to (`Sandbox.scratchDirectory`).
public enum ScratchDirectory {
    /// A new, empty directory under /tmp (`mkdtemp`), or nil when none can be made.
    public static func create(prefix: String = "aura-scratch") -> String? {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        return String(cString: path)
    }

    /// Removes the directory and everything a program wrote into it (symlinks are not followed).
    public static func remove(_ path: String) {
        guard let handle = opendir(path) else { unlink(path); return }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var info = stat()
            if lstat(child, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { remove(child) } else { unlink(child) }
        }
        closedir(handle)
        rmdir(path)
    }
}
