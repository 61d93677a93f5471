#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

/// The index's stat cache as plain values: each entry's path and the stat data git recorded
/// for it, copied out of a libgit2 index so that scan threads never call into libgit2 (an
/// index is not shared between threads) and look entries up by binary search.
///
/// The paths point into the libgit2 index: it must not change while this is in use (the scan
/// turns every path it reports into a `String` before the index is updated).
///
/// Only indexes the stat scan models exactly are copied (see `init`); anything else is left
/// to libgit2's own diff, which the scan then falls back to.
struct IndexStatCache: @unchecked Sendable {
    /// One index entry: where its path is and what git knew about its file.
    struct Entry {
        let path: UnsafeRawPointer
        let length: Int
        let mode: UInt32
        let size: UInt32
        let mtimeSeconds: Int32
        let mtimeNanoseconds: UInt32
        let ctimeSeconds: Int32
        let ctimeNanoseconds: UInt32
        let inode: UInt32
        let uid: UInt32
        let gid: UInt32

        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: path, count: length) }
    }

    let entries: [Entry]

    /// A copy of `index`, or nil when it holds an entry whose working-tree file the stat scan
    /// does not decide the way libgit2 does: a conflict stage, an assume-unchanged,
    /// skip-worktree (sparse checkout) or intent-to-add entry, a gitlink (submodule), or a path
    /// that is not UTF-8 (the scan's results are `String`s). A case-insensitive index is
    /// refused as well: its paths do not match the names on disk byte for byte.
    init?(_ index: OpaquePointer) {
        guard git_index_caps(index) & Int32(GIT_INDEX_CAPABILITY_IGNORE_CASE.rawValue) == 0 else { return nil }
        let count = git_index_entrycount(index)
        let refusedFlags = UInt16(GIT_INDEX_ENTRY_STAGEMASK) | UInt16(GIT_INDEX_ENTRY_VALID.rawValue)
        let refusedExtendedFlags = UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue | GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            guard let entry = git_index_get_byindex(index, position)?.pointee, let path = entry.path,
                  entry.flags & refusedFlags == 0, entry.flags_extended & refusedExtendedFlags == 0,
                  entry.mode & 0o170000 != 0o160000 else { return nil }
            let length = strlen(path)
            guard Self.isUTF8(UnsafeRawBufferPointer(start: path, count: length)) else { return nil }
            entries.append(Entry(
                path: UnsafeRawPointer(path), length: length, mode: entry.mode, size: entry.file_size,
                mtimeSeconds: entry.mtime.seconds, mtimeNanoseconds: entry.mtime.nanoseconds,
                ctimeSeconds: entry.ctime.seconds, ctimeNanoseconds: entry.ctime.nanoseconds,
                inode: entry.ino, uid: entry.uid, gid: entry.gid))
        }
        // libgit2 keeps a read index sorted by path (byte order, stage 0 only here); the binary
        // searches below depend on it, so an unsorted copy is refused rather than trusted.
        for position in entries.indices.dropFirst()
        where Self.compare(entries[position - 1].bytes, entries[position].bytes) >= 0 { return nil }
        self.entries = entries
    }

    /// The position of the entry for exactly `path`, if any.
    func position(of path: UnsafeRawBufferPointer) -> Int? {
        let position = lowerBound(path, in: entries.indices)
        guard position < entries.count, Self.compare(entries[position].bytes, path) == 0 else { return nil }
        return position
    }

    /// The positions within `range` of the entries below the directory `prefix` (which ends in
    /// `/`): contiguous in a sorted index, they lie from `prefix` up to `prefix` with its `/`
    /// replaced by `0`, the next byte.
    func positions(below prefix: UnsafeRawBufferPointer, in range: Range<Int>) -> Range<Int> {
        let start = lowerBound(prefix, in: range)
        var end = start
        withUnsafeTemporaryAllocation(byteCount: prefix.count, alignment: 1) { limit in
            limit.copyMemory(from: prefix)
            limit[prefix.count - 1] = 0x30
            end = lowerBound(UnsafeRawBufferPointer(limit), in: start..<range.upperBound)
        }
        return start..<end
    }

    /// The first position in `range` whose path is not below `path` in byte order.
    private func lowerBound(_ path: UnsafeRawBufferPointer, in range: Range<Int>) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if Self.compare(entries[middle].bytes, path) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Byte-order comparison, as git sorts index paths (and `memcmp` then length).
    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let shared = min(left.count, right.count)
        if shared > 0, let a = left.baseAddress, let b = right.baseAddress {
            let order = memcmp(a, b, shared)
            if order != 0 { return Int(order) }
        }
        return left.count - right.count
    }

    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Almost every path is ASCII; only the rest pays for decoding.
        if !bytes.contains(where: { $0 >= 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
