import AuraGit
import AuraSema

/// The `.aura` files of a tree, read from the object database (never from the disk).
public enum ProjectFiles {
    public static func read(tree: ObjectID, in repository: Repository) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        // One tree walk, then blobs by id (a lookup by path per file re-walked the tree each time).
        for (path, entry) in try repository.files(inTree: tree) where path.hasSuffix(".aura") && entry.mode != .symlink {
            files[path] = try repository.blobContent(entry.id)
        }
        return files
    }
}
