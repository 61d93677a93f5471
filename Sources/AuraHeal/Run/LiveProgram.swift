import AuraDiagnostics
import AuraSema
import AuraVM

/// Loading and reporting a program the way `aura run` does, for `git aura run` (which links
/// the healer, not the `aura` command line).
public enum LiveProgram {
    /// Parses, checks and compiles `files` (imports resolved from the current directory). On
    /// compile errors: the rendered diagnostics, for standard error (exit status 2).
    public static func compile(_ files: [String], style: TextStyle) -> Result<CompiledProgram, CompileFailure> {
        let checked = Compiler.check(paths: files, loader: FileSystemLoader(root: ""))
        guard checked.hasErrors else { return .success(BytecodeCompiler.compile(checked)) }
        let renderer = PrettyRenderer(style: style)
        let text = DiagnosticLimit.capped(checked.diagnostics).map { renderer.render($0, in: checked.sources) + "\n" }.joined()
        return .failure(CompileFailure(rendered: text))
    }

    public struct CompileFailure: Error {
        public let rendered: String
    }
}
