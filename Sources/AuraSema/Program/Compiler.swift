import AuraDiagnostics
import AuraSyntax

/// The front end's entry point: load files and their imports, parse, and check them.
public enum Compiler {
    /// Largest source file accepted (E0112 beyond).
    public static let maxFileSize = 32 << 20

    /// Checks the given project-relative files and everything they import.
    ///
    /// Parsing, loading and checking overlap: each module is checked as soon as it and its
    /// imports are loaded, while the second core parses the files still to come (`ParseAhead`).
    public static func check(paths: [String], loader: SourceLoader) -> CheckedProgram {
        nonisolated(unsafe) let loader = loader
        return LargeStack.run {
            let start = monotonicSeconds()
            var graph = ModuleGraph(loader: loader)
            graph.ahead = ParseAhead(paths: paths, loader: loader)
            let checker = Checker(interner: graph.interner)
            let entries = paths.map { graph.load($0, importedFrom: nil) { checker.moduleLoaded($0, of: $1) } }
            graph.ahead.finish()
            graph.detectCycles()
            let loaded = monotonicSeconds()
            checker.checkRemaining(graph)
            var program = checker.finish(entries: entries.compactMap { $0 }, graph: graph)
            program.timings = Timings(parseSeconds: loaded - start, checkSeconds: monotonicSeconds() - loaded)
            return program
        }
    }

    /// Checks one in-memory source (tests, tools).
    public static func check(source: String, path: String = "main.aura") -> CheckedProgram {
        check(paths: [path], loader: MemoryLoader([path: source]))
    }
}

/// Files of one compilation, parsed, with their `use` edges resolved.
struct ModuleGraph {
    let loader: SourceLoader
    var sources = SourceMap()
    let interner = Interner()
    var modules: [CheckedModule] = []
    var indexByPath: [String: Int32] = [:]
    var diagnostics: [Diagnostic] = []
    /// Check order: dependencies before dependents.
    var order: [Int32] = []
    /// Entry files already read and, for a large project, parsed on all cores.
    var ahead = ParseAhead()

    init(loader: SourceLoader) { self.loader = loader }

    /// Modules whose imports are all loaded (`load` has returned for them).
    var loaded: [Bool] = []
    /// Whether some `use` reached a module that was still loading: an import cycle, so a module
    /// can be loaded before a module it needs (see `Checker.moduleLoaded`).
    var sawCycle = false

    /// Loads and parses a file and, recursively, its imports; calls `completed` for each module
    /// once its imports are loaded (dependencies first). Returns its module index.
    mutating func load(_ path: String, importedFrom: (module: Int32, use: UseDecl)?,
                       completed: (Int32, ModuleGraph) -> Void) -> Int32? {
        if let existing = indexByPath[path] {
            if !loaded[Int(existing)] { sawCycle = true }
            return existing
        }
        let tree: SyntaxTree
        if let parsed = ahead.adopt(path, id: FileID(sources.files.count), into: interner) {
            sources.add(parsed.file)
            tree = parsed.tree
        } else {
            guard let file = read(path, importedFrom: importedFrom) else { return nil }
            tree = Parser.parseOnCurrentThread(file, interner: interner)
        }
        diagnostics.append(contentsOf: tree.diagnostics)
        let index = Int32(modules.count)
        modules.append(CheckedModule(path: path, tree: tree))
        loaded.append(false)
        indexByPath[path] = index
        for use in tree.uses {
            guard let target = PathUtil.join(PathUtil.directory(of: path), use.path + ".aura") else {
                missingModule(use, path: use.path + ".aura")
                continue
            }
            if let imported = load(target, importedFrom: (index, use), completed: completed) {
                modules[Int(index)].imports[use.alias] = imported
            }
        }
        loaded[Int(index)] = true
        completed(index, self)
        return index
    }

    /// Reads and validates a file and adds it to the sources; nil (with a diagnostic) when it
    /// is missing, unreadable, too large or not UTF-8.
    private mutating func read(_ path: String, importedFrom: (module: Int32, use: UseDecl)?) -> SourceFile? {
        let bytes: [UInt8]
        do {
            guard let loaded = try ahead.bytes[path] ?? loader.load(path) else {
                if let importedFrom { missingModule(importedFrom.use, path: path) }
                else { fileError(path, "file not found") }
                return nil
            }
            bytes = loaded
        } catch {
            fileError(path, "\(error)")
            return nil
        }
        if bytes.count > Compiler.maxFileSize {
            let file = sources.add(path: path, bytes: [])
            diagnostics.append(Diagnostic(code: .fileTooLarge, message: "`\(path)` is too large to compile (\(bytes.count >> 20) MiB)",
                                          primary: Label(.point(file.id, 0), "file is \(bytes.count) bytes"),
                                          notes: ["AURA accepts source files up to \(Compiler.maxFileSize >> 20) MiB"],
                                          help: ["split it into modules with `use`"]))
            return nil
        }
        if let bad = UTF8Validation.firstInvalidByte(bytes) {
            // Show the valid prefix so the location can be rendered.
            let file = sources.add(path: path, bytes: Array(bytes[..<bad]))
            diagnostics.append(Diagnostic(code: .invalidUTF8, message: "`\(path)` is not valid UTF-8",
                                          primary: Label(.point(file.id, UInt32(bad)), "invalid byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)"),
                                          help: ["save the file as UTF-8"]))
            return nil
        }
        return sources.add(path: path, bytes: bytes)
    }

    private mutating func fileError(_ path: String, _ reason: String) {
        let file = sources.add(path: path, bytes: [])
        diagnostics.append(Diagnostic(code: .moduleNotFound, message: "cannot read `\(path)`: \(reason)", primary: Label(.point(file.id, 0), reason)))
    }

    private mutating func missingModule(_ use: UseDecl, path: String, file: FileID? = nil) {
        diagnostics.append(Diagnostic(code: .moduleNotFound, message: "module `\(use.path)` not found",
                                      primary: Label(use.span, "no file `\(path)`"),
                                      help: ["`use \(use.path)` loads `\(use.path).aura` relative to this file"]))
    }

    /// Orders modules dependencies-first and reports `use` cycles.
    mutating func detectCycles() {
        var state = [UInt8](repeating: 0, count: modules.count) // 0 new, 1 on stack, 2 done
        var stack: [Int32] = []
        func visit(_ m: Int32, _ graph: inout ModuleGraph) {
            state[Int(m)] = 1
            stack.append(m)
            for use in graph.modules[Int(m)].tree.uses {
                guard let target = graph.modules[Int(m)].imports[use.alias] else { continue }
                if state[Int(target)] == 1 {
                    // One diagnostic per cycle: on the `use` of the first file given (modules are
                    // numbered entries first), the other `use` lines as secondary labels.
                    let cycleStart = stack.firstIndex(of: target) ?? 0
                    let members = Array(stack[cycleStart...])
                    var edges: [(module: Int32, span: Span)] = []
                    for (offset, member) in members.enumerated() {
                        let next = offset + 1 < members.count ? members[offset + 1] : target
                        guard let edge = graph.modules[Int(member)].tree.uses.first(where: { graph.modules[Int(member)].imports[$0.alias] == next }) else { continue }
                        edges.append((member, edge.span))
                    }
                    guard let first = edges.min(by: { $0.module < $1.module }) else { continue }
                    // The cycle is spelled from the file that reports it.
                    let rotation = members.firstIndex(of: first.module) ?? 0
                    let ordered = Array(members[rotation...] + members[..<rotation])
                    let names = (ordered + [ordered[0]]).map { graph.modules[Int($0)].path }
                    graph.diagnostics.append(Diagnostic(code: .importCycle, message: "import cycle: \(names.joined(separator: " → "))",
                                                        primary: Label(first.span, "this import is part of the cycle"),
                                                        secondary: edges.filter { $0.module != first.module }.map { Label($0.span, "and this one") },
                                                        help: ["move the shared definitions into a module that both can import"]))
                } else if state[Int(target)] == 0 {
                    visit(target, &graph)
                }
            }
            stack.removeLast()
            state[Int(m)] = 2
            graph.order.append(m)
        }
        for m in 0..<Int32(modules.count) where state[Int(m)] == 0 { visit(m, &self) }
    }
}

/// UTF-8 validation without Foundation.
enum UTF8Validation {
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte($0) }
    }

    static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Source is nearly all ASCII: eight bytes at a time while no high bit is set.
            // Byte by byte this was 28 M of the 1,227 M instructions of checking 100k lines.
            if let raw {
                while index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
            }
            let b = bytes[index]
            if b < 0x80 { index += 1; continue }
            let width: Int
            if b >= 0xC2 && b <= 0xDF { width = 2 } else if b >= 0xE0 && b <= 0xEF { width = 3 } else if b >= 0xF0 && b <= 0xF4 { width = 4 } else { return index }
            guard index + width <= count else { return index }
            for k in 1..<width where bytes[index + k] & 0xC0 != 0x80 { return index }
            if width == 3 {
                let b1 = bytes[index + 1]
                if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) { return index }
            }
            if width == 4 {
                let b1 = bytes[index + 1]
                if (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F) { return index }
            }
            index += width
        }
        return nil
    }
}
