import CGit2

/// A file's mode in a tree, as git stores it.
public enum FileMode: UInt32, Sendable, Codable {
    case regular = 0o100644
    case executable = 0o100755
    case symlink = 0o120000
    case directory = 0o040000
    case submodule = 0o160000

    var gitMode: git_filemode_t { git_filemode_t(rawValue) }
}

/// A blob (or link) at a path of a tree.
public struct TreeEntry: Equatable, Sendable {
    public let path: String
    public let id: ObjectID
    public let mode: FileMode
}

/// A change to one path of a tree, applied in memory by `Repository.updatedTree`.
public enum FileChange: Equatable, Sendable {
    /// Write these bytes at the path (creating parent directories in the tree). A nil mode
    /// keeps the mode the path has in the base tree (regular for a new path), so a fix to an
    /// executable script or a link stays one.
    case write([UInt8], mode: FileMode? = nil)
    /// Remove the path.
    case delete
}
