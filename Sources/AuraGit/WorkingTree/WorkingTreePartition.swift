#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

/// Splits the working tree into pieces that threads can scan at once: each piece is a libgit2
/// path list (a name matches itself and everything below it), and together they cover every
/// path on disk and in the index exactly once.
///
/// Coverage holds by construction: a directory is replaced by its children only when it is a
/// real directory on disk (not a symlink, not holding a repository) and not itself an index
/// entry, and its children are the union of the names on disk (`readdir`) and of the next path
/// components of the index entries below it — so a file that exists in only one of the two is
/// still named, and a deleted directory stays one name.
struct WorkingTreePartition {
    let index: OpaquePointer
    /// The working tree's root, ending in `/`.
    let root: String

    /// One name at the current level and how much scanning it stands for.
    struct Name {
        var path: String
        /// Index entries below or at it (a name only on disk counts one).
        var weight: Int = 0
        /// The index has an entry for this very path (a file, symlink or gitlink).
        var isEntry = false
        /// A real directory on disk (not a symlink). Whether it holds a `.git` of its own is
        /// asked only of the one about to be split (`pieces`): asking every directory cost a
        /// system call each (100 for a `src/` of 100 directories, on the scan's critical path).
        var isRealDirectory = false
        /// Whether it can be replaced by its children, unless it holds a repository.
        var expandable: Bool { isRealDirectory && !isEntry }
    }

    /// Up to `count` non-empty pieces balanced by index entries, or nil when the tree cannot be
    /// split that way (everything lies below one unsplittable name).
    func pieces(_ count: Int) -> [[String]]? {
        guard count > 1, var names = children(of: "") else { return nil }
        // Replace the heaviest name while it alone outweighs a fair share: a repository with
        // everything under `src/` is split one level down, and so on (bounded depth).
        for _ in 0..<8 {
            let total = names.reduce(0) { $0 + $1.weight }
            guard let heaviest = names.indices.max(by: { names[$0].weight < names[$1].weight }),
                  names[heaviest].weight * count > total, names[heaviest].expandable else { break }
            // A directory holding a repository of its own is one unit for libgit2.
            guard access(root + names[heaviest].path + "/.git", F_OK) != 0,
                  let replacement = children(of: names[heaviest].path), !replacement.isEmpty else {
                names[heaviest].isRealDirectory = false
                continue
            }
            names.replaceSubrange(heaviest...heaviest, with: replacement)
        }
        guard names.count >= count else { return nil }
        names.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let total = names.reduce(0) { $0 + $1.weight }
        var result: [[String]] = [[]]
        var accumulated = 0
        for (position, name) in names.enumerated() {
            let remainingNames = names.count - position
            let remainingPieces = count - result.count
            // Start the next piece at its fair share, or when the names left are just enough.
            if !result[result.count - 1].isEmpty, remainingPieces > 0,
               accumulated * count >= total * result.count || remainingNames <= remainingPieces {
                result.append([])
            }
            result[result.count - 1].append(name.path)
            accumulated += name.weight
        }
        return result.count == count ? result : nil
    }

    /// The names directly below `prefix` ("" for the root): on disk, in the index, or both.
    /// Nil when the directory cannot be listed (then it must not be split).
    func children(of prefix: String) -> [Name]? {
        guard let directory = opendir(root + (prefix.isEmpty ? "" : prefix + "/")) else { return nil }
        defer { closedir(directory) }
        var byName: [String: Name] = [:]
        var order: [String] = []
        func name(_ path: String) -> String {
            if byName[path] == nil { order.append(path); byName[path] = Name(path: path) }
            return path
        }
        let directoryPrefix = prefix.isEmpty ? "" : prefix + "/"
        // Index entries below the prefix are contiguous (the index is sorted by path), and so
        // are the entries below each `component/`: such a run is measured by binary search,
        // not walked (the root of a tree with everything under `src/` is one run).
        var position = 0
        let found = directoryPrefix.isEmpty ? 0 : git_index_find_prefix(&position, index, directoryPrefix)
        if found == 0 {
            let count = git_index_entrycount(index)
            let prefixLength = directoryPrefix.utf8.count
            while position < count, let cPath = path(at: position) {
                if prefixLength > 0, strncmp(cPath, directoryPrefix, prefixLength) != 0 { break }
                let component = cPath + prefixLength
                var length = 0
                while component[length] != 0 && component[length] != 0x2F { length += 1 }
                let bytes = UnsafeRawBufferPointer(start: component, count: length)
                let current = name(directoryPrefix + String(decoding: bytes, as: UTF8.self))
                if component[length] == 0 {
                    byName[current]!.isEntry = true
                    byName[current]!.weight += 1
                    position += 1
                } else {
                    let end = endOfRun(sharing: prefixLength + length + 1, with: cPath, after: position, count: count)
                    byName[current]!.weight += end - position
                    position = end
                }
            }
        }
        // Names on disk.
        while let item = readdir(directory) {
            let entryName = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if entryName == "." || entryName == ".." || (prefix.isEmpty && entryName == ".git") { continue }
            let path = name(directoryPrefix + entryName)
            if byName[path]!.weight == 0 { byName[path]!.weight = 1 }
            byName[path]!.isRealDirectory = isRealDirectory(path, type: item.pointee.d_type)
        }
        return order.map { byName[$0]! }
    }

    private func path(at position: Int) -> UnsafePointer<CChar>? {
        git_index_get_byindex(index, position)?.pointee.path
    }

    /// The first position after `position` whose path does not start with the first `length`
    /// bytes of `path` (the path at `position`), or `count`.
    private func endOfRun(sharing length: Int, with path: UnsafePointer<CChar>, after position: Int, count: Int) -> Int {
        var low = position + 1
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if let other = self.path(at: middle), strncmp(other, path, length) == 0 {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    private func isRealDirectory(_ path: String, type: UInt8) -> Bool {
        if type == UInt8(DT_DIR) { return true }
        guard type == UInt8(DT_UNKNOWN) else { return false }
        var info = stat()
        return lstat(root + path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
