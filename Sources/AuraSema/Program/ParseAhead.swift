import AuraDiagnostics
import AuraSyntax

/// The entry files of a compilation, parsed before the module graph walks them, on every core.
///
/// Parsing is half of `aura check` and files do not depend on each other until they are
/// checked, but the module graph numbers files and symbols in its depth-first load order, and
/// both end up in every span and every name. So each file is parsed with its own interner and
/// the file id it will get; the graph then adopts the tree when it reaches that file: its
/// interner's names are interned in their order of first use, which is exactly the numbering
/// parsing it there would have made (`Interner.adopt`). Whatever the prediction gets wrong (a
/// file whose id differs when the graph reaches it, a file read differently the second time)
/// is parsed again on the graph's thread, so the result is identical to a sequential parse.
struct ParseAhead {
    /// A file parsed ahead: its source (id as predicted), tree, and the interner it used.
    struct Parsed {
        let file: SourceFile
        var tree: SyntaxTree
        let interner: Interner
    }

    /// Below this many bytes of source a second thread costs more than it saves (a thread with
    /// a big stack is ~0.1 ms to create and to unmap). Tests lower it to run the parallel path.
    nonisolated(unsafe) static var minimumBytes = 256 << 10

    /// Entry files read, by path; the graph uses these bytes instead of reading a file twice.
    private(set) var bytes: [String: [UInt8]] = [:]
    private var parsed: [String: Parsed] = [:]

    init() {}

    /// Reads `paths` and, when there is enough to share out and more than one core, parses
    /// the readable ones concurrently.
    init(paths: [String], loader: SourceLoader, threads: Int = LargeStack.availableCores) {
        var order: [String] = []
        var failed: Set<String> = []
        for path in paths where bytes[path] == nil && !failed.contains(path) {
            // A file that cannot be read, or is too large (or, found by the parse jobs, not
            // UTF-8), is left to the graph, which reports it.
            if let loaded = try? loader.load(path), loaded.count <= Compiler.maxFileSize {
                bytes[path] = loaded
                order.append(path)
            } else {
                failed.insert(path)
            }
        }
        let total = order.reduce(0) { $0 + (bytes[$1]?.count ?? 0) }
        guard threads > 1, order.count > 1, total >= ParseAhead.minimumBytes else { return }

        // First guess: files get ids in the order given (as when no entry imports another).
        var guess: [String: FileID] = [:]
        var next: FileID = 0
        for path in paths where guess[path] == nil {
            if bytes[path] != nil { guess[path] = next }
            next += 1 // a file the graph cannot read still gets an id for its diagnostic
        }
        parsed = ParseAhead.parse(order.map { ($0, guess[$0]!) }, bytes: bytes, threads: threads)
        for path in order where parsed[path] == nil { failed.insert(path) }
        // With the trees' `use` lines the graph's order is known: parse again what it moves.
        guard let exact = ParseAhead.loadOrder(entries: paths, failed: failed, uses: { parsed[$0]?.tree.uses }) else { return }
        let moved = order.filter { exact[$0] != nil && exact[$0] != guess[$0] }.map { ($0, exact[$0]!) }
        for (path, again) in ParseAhead.parse(moved, bytes: bytes, threads: threads) { parsed[path] = again }
    }

    /// The file and tree of `path` when it was parsed as file `id`, its symbols renumbered
    /// into `interner` (the tree leaves the cache, so it is renumbered in place, not copied).
    mutating func adopt(_ path: String, id: FileID, into interner: Interner) -> (file: SourceFile, tree: SyntaxTree)? {
        guard parsed[path]?.file.id == id, var found = parsed.removeValue(forKey: path) else { return nil }
        found.tree.remapSymbols(interner.adopt(found.interner))
        return (found.file, found.tree)
    }

    /// Parses `files` (path and file id) spread over `threads` big-stack threads, each file
    /// with its own interner; a file that is not UTF-8 is left out.
    private static func parse(_ files: [(path: String, id: FileID)], bytes: [String: [UInt8]], threads: Int) -> [String: Parsed] {
        guard !files.isEmpty else { return [:] }
        // Largest first onto the least loaded thread: the threads finish close together.
        var shares = [[Int]](repeating: [], count: min(threads, files.count))
        var loads = [Int](repeating: 0, count: shares.count)
        for index in files.indices.sorted(by: { bytes[files[$0].path]!.count > bytes[files[$1].path]!.count }) {
            let least = loads.indices.min { loads[$0] < loads[$1] }!
            shares[least].append(index)
            loads[least] += bytes[files[index].path]!.count
        }
        let results = UnsafeMutableBufferPointer<Parsed?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        // Each job writes only its own slots of `results`, and `concurrently` joins them all.
        nonisolated(unsafe) let slots = results
        LargeStack.concurrently(shares.map { share in
            {
                for index in share where UTF8Validation.firstInvalidByte(bytes[files[index].path]!) == nil {
                    let file = SourceFile(id: files[index].id, path: files[index].path, bytes: bytes[files[index].path]!)
                    let interner = Interner()
                    slots[index] = Parsed(file: file, tree: Parser.parseOnCurrentThread(file, interner: interner), interner: interner)
                }
            }
        })
        var byPath: [String: Parsed] = [:]
        for (index, file) in files.enumerated() where results[index] != nil { byPath[file.path] = results[index] }
        return byPath
    }

    /// The file id `ModuleGraph.load` gives each entry file (and its imports), walking the
    /// `use` lines of the parsed trees as it does; nil when the walk reaches a file that was
    /// not parsed ahead (its imports, and so every later id, are unknown).
    private static func loadOrder(entries: [String], failed: Set<String>, uses: (String) -> [UseDecl]?) -> [String: FileID]? {
        var ids: [String: FileID] = [:]
        var next: FileID = 0
        var complete = true
        func visit(_ path: String, imported: Bool) {
            guard complete, ids[path] == nil else { return }
            guard let fileUses = uses(path) else {
                // An entry that cannot be read gets one file for its diagnostic; anything else
                // (an import outside the entries) is unknown.
                if !imported && failed.contains(path) { next += 1 } else { complete = false }
                return
            }
            ids[path] = next
            next += 1
            for use in fileUses {
                guard let target = PathUtil.join(PathUtil.directory(of: path), use.path + ".aura") else { continue }
                visit(target, imported: true)
            }
        }
        for path in entries { visit(path, imported: false) }
        return complete ? ids : nil
    }
}
