import AuraGit
import AuraSema

/// The `.aura` files of a tree, read from the object database (never from the disk).
public enum ProjectFiles {
    public static func read(tree: ObjectID, in repository: Repository) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for (path, entry) in try repository.files(inTree: tree) where path.hasSuffix(".aura") && entry.mode != .symlink {
            if let bytes = try repository.fileContent(at: path, inTree: tree) { files[path] = bytes }
        }
        return files
    }
}
