import ArgumentParser
import AuraDiagnostics
import AuraSema
import AuraVM

/// Checks files and compiles them, printing compile errors (exit 2) the way `aura check` does.
enum ProgramLoading {
    static func compile(_ files: [String], color: ColorChoice) throws -> (CheckedProgram, CompiledProgram) {
        let checked = Compiler.check(paths: files, loader: FileSystemLoader(root: ""))
        let style = TextStyle(enabled: color.enabled(fileDescriptor: 2, environment: Output.environment))
        let renderer = PrettyRenderer(style: style)
        let shown = DiagnosticLimit.capped(checked.hasErrors ? checked.diagnostics : checked.diagnostics.filter { $0.severity == .error })
        for diagnostic in shown { Output.err(renderer.render(diagnostic, in: checked.sources) + "\n") }
        if checked.hasErrors {
            Output.err(CheckSummary.line(checked, fileCount: files.count, style: style) + "\n")
            throw ExitCode(2)
        }
        return (checked, BytecodeCompiler.compile(checked))
    }
}

/// Budget flags shared by `run` and `test`.
struct BudgetOptions: ParsableArguments {
    @Option(help: "Stop after this many VM instructions.")
    var maxInstructions: Int?
    @Option(help: "Stop after this many seconds.")
    var timeout: Double?
    @Option(help: "Maximum nested calls.")
    var maxDepth: Int?
    @Option(help: "Maximum resident memory in MiB.")
    var maxMemory: Int?

    func limits(default base: Limits) -> Limits {
        var limits = base
        if let maxInstructions { limits.maxInstructions = maxInstructions }
        if let timeout { limits.timeLimit = timeout }
        if let maxDepth { limits.maxCallDepth = maxDepth }
        if let maxMemory { limits.maxMemoryBytes = maxMemory << 20 }
        return limits
    }
}
