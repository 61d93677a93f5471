import AuraJSON
import AuraSema

/// The project the editor works on: the `.aura` files under the root as the disk has them,
/// overlaid with the buffers the client has open (unsaved text wins). Keeps the latest analysis
/// until something changes.
final class Workspace {
    /// Absolute path of the project root, without a trailing slash.
    let root: String
    private(set) var documents: [String: TextDocument] = [:]
    /// Project files read from disk, by path; nil until needed or after the disk changed.
    private var disk: [String: [UInt8]]?
    private var latest: Analysis?
    /// Bumped on every change: requests compare it to know their analysis is current.
    private(set) var generation = 0

    /// Most files one workspace reads from disk: a root that is a home directory must not make
    /// the server read a whole disk.
    static let maxFiles = 20_000

    init(root: String) {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// The compiler's key for a URI: project-relative inside the root, absolute outside it.
    func path(forURI uri: String) throws(RPCError) -> String {
        guard let absolute = FileURI.path(uri) else { throw .invalidParams("`\(uri)` is not a file URI") }
        let prefix = root == "/" ? "/" : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    func uri(forPath path: String) -> String {
        FileURI.uri(path.hasPrefix("/") ? path : (root == "/" ? "/" : root + "/") + path)
    }

    func open(uri: String, version: Int, text: String) throws(RPCError) {
        documents[uri] = TextDocument(uri: uri, path: try path(forURI: uri), version: version, text: text)
        changed()
    }

    func change(uri: String, version: Int, changes: [JSON], encoding: PositionEncoding) throws(RPCError) {
        guard var document = documents[uri] else { throw .invalidParams("`\(uri)` changed but it was never opened") }
        try document.apply(changes: changes, version: version, encoding: encoding)
        documents[uri] = document
        changed()
    }

    func close(uri: String) {
        documents[uri] = nil
        // The file on disk is the truth again; it may differ from what was last read.
        disk = nil
        changed()
    }

    /// The disk changed (a save, `workspace/didChangeWatchedFiles`): read it again when needed.
    func diskChanged() {
        disk = nil
        changed()
    }

    private func changed() {
        generation += 1
        latest = nil
    }

    /// The open buffer, or the file as the disk has it for a document the client never opened
    /// (a request for a closed document answers from the disk, as LSP allows).
    func document(uri: String) throws(RPCError) -> TextDocument {
        if let open = documents[uri] { return open }
        let path = try path(forURI: uri)
        let absolute = path.hasPrefix("/") ? path : root + "/" + path
        guard let bytes = (try? FileReader.read(absolute)) ?? nil else {
            throw RPCError(.requestFailed, "`\(uri)` is not open and cannot be read from disk")
        }
        return TextDocument(uri: uri, path: path, version: 0, text: String(decoding: bytes, as: UTF8.self))
    }

    /// Every file of the project with the open buffers over it.
    var files: [String: [UInt8]] {
        var files = diskFiles()
        for document in documents.values { files[document.path] = document.bytes }
        return files
    }

    /// The analysis of the current text (checked once per change).
    func analysis() -> Analysis {
        if let latest { return latest }
        let analysis = Analysis(files: files)
        latest = analysis
        return analysis
    }

    private func diskFiles() -> [String: [UInt8]] {
        if let disk { return disk }
        var read: [String: [UInt8]] = [:]
        let prefix = root == "/" ? "/" : root + "/"
        for absolute in SourceDirectory.auraFiles(under: root).prefix(Self.maxFiles) {
            guard let bytes = (try? FileReader.read(absolute)) ?? nil, bytes.count <= Compiler.maxFileSize else { continue }
            read[absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute] = bytes
        }
        disk = read
        return read
    }
}
