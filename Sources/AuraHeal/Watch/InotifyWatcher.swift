#if canImport(Glibc)
import Glibc
import AuraGit

/// What one wait on the working tree brought.
public struct WatchEvents: Sendable, Equatable {
    /// Changed `.aura` files (created, written, moved in, deleted), relative to the worktree root.
    public var paths: Set<String> = []
    /// The kernel dropped events (queue overflow): anything may have changed.
    public var overflowed = false
    /// The stop descriptor became readable (a signal arrived).
    public var stopped = false
}

/// Watches a working tree with inotify: every directory, recursively, new directories as they
/// appear, except `.git/`, what git ignores and nested repositories. Reports the `.aura` files
/// that changed.
public final class InotifyWatcher {
    private let descriptor: Int32
    private let root: String
    private let repository: Repository
    /// Readable when the watcher should stop (the read end of a signal pipe); -1 for none.
    private let stopDescriptor: Int32
    /// Watch descriptor → directory relative to the root ("" for the root).
    private var directories: [Int32: String] = [:]

    private static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MODIFY) | UInt32(IN_CREATE) | UInt32(IN_DELETE)
        | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_ATTRIB) | UInt32(IN_ONLYDIR)

    /// The `.aura` files found when the watches were set up.
    public private(set) var initialFiles: Set<String> = []

    /// Directories left unwatched because the kernel's limit (`fs.inotify.max_user_watches`) was reached.
    public private(set) var unwatched: Set<String> = []

    /// Number of directories watched.
    public var watchedDirectories: Int { directories.count }

    public init(repository: Repository, stopDescriptor: Int32 = -1) throws {
        self.repository = repository
        root = String(repository.workingDirectory.dropLast())
        self.stopDescriptor = stopDescriptor
        descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw WatchSetupError("inotify_init1 failed: \(String(cString: strerror(errno)))") }
        initialFiles = add("")
    }

    deinit { close(descriptor) }

    /// Watches `directory` and everything under it that is not ignored; returns the `.aura`
    /// files found in it (they may have been written before the watch was in place).
    private func add(_ directory: String) -> Set<String> {
        let full = directory.isEmpty ? root : root + "/" + directory
        let wd = inotify_add_watch(descriptor, full, Self.mask)
        // A directory that vanished, or the watch limit reached: the rest of the tree is still watched.
        guard wd >= 0 else {
            if errno == ENOSPC { unwatched.insert(directory) }
            return []
        }
        directories[wd] = directory
        var found = Set<String>()
        guard let handle = opendir(full) else { return found }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." || name == ".git" { continue }
            let relative = directory.isEmpty ? name : directory + "/" + name
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                if isWatched(directory: relative) { found.formUnion(add(relative)) }
            } else if isWatched(relative) {
                found.insert(relative)
            }
        }
        return found
    }

    /// A directory git neither ignores nor leaves to another repository: a nested repository
    /// or linked worktree (it has its own `.git`) is not part of this worktree's snapshots.
    private func isWatched(directory relative: String) -> Bool {
        access(root + "/" + relative + "/.git", F_OK) != 0 && !repository.isIgnored(relative + "/")
    }

    /// An `.aura` file git does not ignore.
    private func isWatched(_ path: String) -> Bool {
        path.hasSuffix(".aura") && !repository.isIgnored(path)
    }

    /// Waits up to `timeout` seconds (nil: forever) for changes or the stop descriptor, then
    /// returns everything that arrived.
    public func wait(timeout: Double?) -> WatchEvents {
        var events = WatchEvents()
        var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        if stopDescriptor >= 0 { fds.append(pollfd(fd: stopDescriptor, events: Int16(POLLIN), revents: 0)) }
        let milliseconds = timeout.map { Int32(max(0, min($0, 86_400)) * 1000) } ?? -1
        let ready = poll(&fds, nfds_t(fds.count), milliseconds)
        guard ready > 0 else { return events }
        if fds.count > 1, fds[1].revents != 0 { events.stopped = true }
        if fds[0].revents != 0 { drain(into: &events) }
        return events
    }

    private func drain(into events: inout WatchEvents) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            var offset = 0
            while offset + 16 <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { bytes in
                    (bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let name = String(decoding: buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }, as: UTF8.self)
                offset += 16 + length
                handle(wd: wd, mask: mask, name: name, into: &events)
            }
        }
    }

    private func handle(wd: Int32, mask: UInt32, name: String, into events: inout WatchEvents) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            events.overflowed = true
            return
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            directories[wd] = nil
            return
        }
        guard let directory = directories[wd], !name.isEmpty, name != ".git" else { return }
        let relative = directory.isEmpty ? name : directory + "/" + name
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, isWatched(directory: relative) {
                events.paths.formUnion(add(relative))
            }
            return
        }
        if isWatched(relative) { events.paths.insert(relative) }
    }
}
#endif
