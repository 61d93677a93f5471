#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraDiagnostics
import AuraSyntax

/// The files of a compilation, parsed on a second core while the module graph loads them and
/// the checker checks the ones already loaded.
///
/// Parsing is most of `aura check` and files do not depend on each other until they are
/// checked, but the module graph numbers files and symbols in its depth-first load order, and
/// both end up in every span and every name. So the load order is predicted first (the files'
/// `use` lines, found by a scan of their bytes), a worker thread parses the files in that
/// order, each with its own interner and the file id it is predicted to get, and the graph
/// adopts each tree when it reaches that file: the tree's names are interned in their order of
/// first use, which is exactly the numbering parsing it there would have made
/// (`Interner.adopt`). The graph's thread parses too: a file nobody has started yet it parses
/// itself, in place; while it waits for one the worker is parsing, it parses one further on.
/// Whatever the prediction gets wrong (a file whose id differs when the graph reaches it) is
/// parsed again on the graph's thread, so the result is identical to a sequential parse.
final class ParseAhead {
    /// A file parsed ahead: its source (id as predicted), tree, and the interner it used.
    struct Parsed {
        let file: SourceFile
        var tree: SyntaxTree
        let interner: Interner
    }

    /// Below this many bytes of source a second thread costs more than it saves (a thread with
    /// a big stack is ~0.1 ms to create and to unmap). Tests lower it to run the parallel path.
    nonisolated(unsafe) static var minimumBytes = 256 << 10

    /// Files read while predicting, by path; the graph uses these bytes instead of reading a
    /// file twice.
    private(set) var bytes: [String: [UInt8]] = [:]
    /// Predicted position in `queue` of each file, by path.
    private var jobByPath: [String: Int] = [:]
    private let queue: ParseQueue?
    private var worker: LargeStack.Thread?

    /// Nothing ahead: the graph reads and parses every file itself.
    init() { queue = nil }

    /// Reads `paths` and the files they import and, when there is enough to share out and more
    /// than one core, starts parsing them on a worker thread.
    init(paths: [String], loader: SourceLoader, threads: Int = LargeStack.availableCores) {
        var read: [String: [UInt8]] = [:]
        let order = ParseAhead.predictLoadOrder(entries: paths, loader: loader, bytes: &read)
        bytes = read
        let total = order.reduce(0) { $0 + (read[$1.path]?.count ?? 0) }
        guard threads > 1, order.count > 1, total >= ParseAhead.minimumBytes else {
            queue = nil
            return
        }
        for (index, job) in order.enumerated() { jobByPath[job.path] = index }
        let queue = ParseQueue(jobs: order.map { ($0.path, $0.id, read[$0.path]!) })
        self.queue = queue
        worker = LargeStack.spawn { while let job = queue.claimNext() { queue.complete(job, queue.parse(job)) } }
    }

    deinit { finish() }

    /// The file and tree of `path` when it was parsed ahead as file `id`, its symbols
    /// renumbered into `interner`; nil when the graph is to parse it itself (not predicted, a
    /// different id, not UTF-8, or not started by anyone: then it is claimed for the graph).
    func adopt(_ path: String, id: FileID, into interner: Interner) -> (file: SourceFile, tree: SyntaxTree)? {
        guard let queue, let job = jobByPath.removeValue(forKey: path), queue.id(of: job) == id,
              var found = queue.take(job) else { return nil }
        found.tree.remapSymbols(interner.adopt(found.interner))
        return (found.file, found.tree)
    }

    /// Stops the worker once its current file is done (files nobody started are left) and
    /// waits for it.
    func finish() {
        queue?.cancelRemaining()
        worker?.join()
        worker = nil
    }

    /// The files the graph will load from `entries`, with the id each gets, in that order, as
    /// `ModuleGraph.load` walks them: an entry that cannot be read (or is too large) takes an
    /// id for its diagnostic and is not parsed ahead; a missing import takes none. `use` lines
    /// come from `UseScan`; where it differs from the parser, the ids after that point are
    /// wrong, and `adopt` refuses those trees.
    static func predictLoadOrder(entries: [String], loader: SourceLoader, bytes: inout [String: [UInt8]]) -> [(path: String, id: FileID)] {
        var order: [(path: String, id: FileID)] = []
        var visited: Set<String> = []
        var next: FileID = 0
        func visit(_ path: String, imported: Bool) {
            guard !visited.contains(path) else { return }
            let loaded: [UInt8]?
            do { loaded = try bytes[path] ?? loader.load(path) } catch {
                next += 1 // reported with a file of its own
                return
            }
            guard let loaded else {
                if !imported { next += 1 } // a missing entry gets a file for its diagnostic
                return
            }
            guard loaded.count <= Compiler.maxFileSize else { next += 1; return }
            visited.insert(path)
            bytes[path] = loaded
            order.append((path, next))
            next += 1
            for use in UseScan.paths(in: loaded) {
                guard let target = PathUtil.join(PathUtil.directory(of: path), use + ".aura") else { continue }
                visit(target, imported: true)
            }
        }
        for path in entries { visit(path, imported: false) }
        return order
    }
}

/// The parse jobs shared by the worker and the graph's thread: each job is free, claimed (being
/// parsed) or done; a mutex and a condition variable guard the states and results.
private final class ParseQueue: @unchecked Sendable {
    private enum State: UInt8 { case free, claimed, done }
    private let paths: [String]
    private let ids: [FileID]
    private let sources: [[UInt8]]
    private var states: [State]
    private var results: [ParseAhead.Parsed?]
    /// Jobs before this are all claimed or done.
    private var cursor = 0
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(jobs: [(path: String, id: FileID, bytes: [UInt8])]) {
        paths = jobs.map(\.path)
        ids = jobs.map(\.id)
        sources = jobs.map(\.bytes)
        states = Array(repeating: .free, count: jobs.count)
        results = Array(repeating: nil, count: jobs.count)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    func id(of job: Int) -> FileID { ids[job] }

    /// Parses a job with an interner of its own; nil for a file that is not UTF-8 (the graph
    /// reports it).
    func parse(_ job: Int) -> ParseAhead.Parsed? {
        guard UTF8Validation.firstInvalidByte(sources[job]) == nil else { return nil }
        let file = SourceFile(id: ids[job], path: paths[job], bytes: sources[job])
        let interner = Interner()
        return ParseAhead.Parsed(file: file, tree: Parser.parseOnCurrentThread(file, interner: interner), interner: interner)
    }

    /// The first free job, now claimed; nil when none is left. Called with the mutex held.
    private func claimFirstFree() -> Int? {
        while cursor < states.count, states[cursor] != .free { cursor += 1 }
        guard cursor < states.count else { return nil }
        states[cursor] = .claimed
        return cursor
    }

    /// For the worker: the next job to parse.
    func claimNext() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return claimFirstFree()
    }

    /// For the worker: a parsed job, handed to a graph thread that may be waiting for it.
    func complete(_ job: Int, _ parsed: ParseAhead.Parsed?) {
        pthread_mutex_lock(mutex)
        record(job, parsed)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Stores a job's result. Called with the mutex held.
    private func record(_ job: Int, _ parsed: ParseAhead.Parsed?) {
        results[job] = parsed
        states[job] = .done
    }

    /// For the graph's thread: the parsed job, waiting for it (and parsing later jobs
    /// meanwhile) if the worker has it; nil when nobody had started it (it is now the graph's
    /// to parse in place) or it is not UTF-8.
    func take(_ job: Int) -> ParseAhead.Parsed? {
        pthread_mutex_lock(mutex)
        if states[job] == .free {
            states[job] = .claimed
            pthread_mutex_unlock(mutex)
            return nil
        }
        while states[job] != .done {
            if let later = claimFirstFree() {
                pthread_mutex_unlock(mutex)
                let parsed = parse(later)
                pthread_mutex_lock(mutex)
                record(later, parsed)
            } else {
                pthread_cond_wait(changed, mutex)
            }
        }
        let parsed = results[job]
        results[job] = nil
        pthread_mutex_unlock(mutex)
        return parsed
    }

    /// Claims every job nobody started, so the worker stops after its current one.
    func cancelRemaining() {
        pthread_mutex_lock(mutex)
        while claimFirstFree() != nil {}
        pthread_mutex_unlock(mutex)
    }
}

/// The `use` paths of a file, found without lexing it: a line whose first word is `use`,
/// followed by `name` or `a/b/name`. Only a prediction (see `ParseAhead`): a `use` the scan
/// misses or invents costs a second parse of the files after it, never a different result.
enum UseScan {
    static func paths(in bytes: [UInt8]) -> [String] {
        var found: [String] = []
        bytes.withUnsafeBufferPointer { source in
            let count = source.count
            var pos = 0
            while pos < count {
                var cursor = pos
                while cursor < count, source[cursor] == 0x20 || source[cursor] == 0x09 { cursor += 1 }
                if cursor + 3 < count, source[cursor] == UInt8(ascii: "u"), source[cursor + 1] == UInt8(ascii: "s"),
                   source[cursor + 2] == UInt8(ascii: "e"), source[cursor + 3] == 0x20 || source[cursor + 3] == 0x09 {
                    cursor += 4
                    while cursor < count, source[cursor] == 0x20 || source[cursor] == 0x09 { cursor += 1 }
                    let start = cursor
                    while cursor < count, isPathByte(source[cursor]) { cursor += 1 }
                    // A trailing `/` is not part of the path (the parser stops before it).
                    var end = cursor
                    while end > start, source[end - 1] == UInt8(ascii: "/") { end -= 1 }
                    if end > start { found.append(String(decoding: UnsafeBufferPointer(rebasing: source[start..<end]), as: UTF8.self)) }
                }
                // On to the next line.
                while cursor < count, source[cursor] != 0x0A { cursor += 1 }
                pos = cursor + 1
            }
        }
        return found
    }

    private static func isPathByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == UInt8(ascii: "/")
    }
}
