import AuraDiagnostics
import AuraSema
import AuraSyntax

/// One check of the workspace as it is in the editor (open buffers over the files on disk):
/// what every request of one document version reads. A change makes a new one. The symbol index
/// is built on the first request that needs it: publishing diagnostics after a keystroke does not.
final class Analysis {
    /// The project as checked: path → bytes.
    let files: [String: [UInt8]]
    let program: CheckedProgram
    private(set) lazy var index = SymbolIndex(program)
    private let modulesByPath: [String: Int32]

    init(files: [String: [UInt8]]) {
        self.files = files
        program = Compiler.check(paths: files.keys.sorted(), loader: MemoryLoader(bytes: files))
        var byPath: [String: Int32] = [:]
        for (position, module) in program.modules.enumerated() { byPath[module.path] = Int32(position) }
        modulesByPath = byPath
    }

    func module(path: String) -> Int32? { modulesByPath[path] }

    func checked(_ module: Int32) -> CheckedModule { program.modules[Int(module)] }

    func name(_ symbol: Symbol) -> String { program.interner.name(symbol) }

    /// Diagnostics by the path of the file they are in.
    var diagnosticsByPath: [String: [Diagnostic]] {
        var result: [String: [Diagnostic]] = [:]
        for diagnostic in program.diagnostics { result[program.sources[diagnostic.span.file].path, default: []].append(diagnostic) }
        return result
    }

    /// Where a target is declared: its module and the span of its name.
    func definition(of target: SymbolTarget) -> (module: Int32, span: Span)? {
        if case let .module(index) = target {
            let file = checked(index).tree.file.id
            return (index, .point(file, 0))
        }
        return index.definitions[target]
    }
}
