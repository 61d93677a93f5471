import ArgumentParser
import AuraDiagnostics
import AuraSema
import AuraVM
#if canImport(Glibc)
import Glibc
#endif

/// `aura run FILE [-- args]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check a program, then run its `main`.",
        discussion: "Exit 0 on success, 1 on a runtime error, 2 on compile errors."
    )

    @Argument(help: "The program's main file.")
    var file: String

    @Argument(parsing: .postTerminator, help: "Arguments for the program (`args!()`), after `--`.")
    var programArguments: [String] = []

    @Flag(help: "Confine effects: databases in memory, no network, reads only in the project, writes only in a scratch directory.")
    var sandbox = false

    @OptionGroup var budget: BudgetOptions

    @Option(help: "Colour for diagnostics: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        // Checking, compiling and running share one big-stack thread instead of one each.
        try LargeStack.run { Result { try self.runOnLargeStack() } }.get()
    }

    private func runOnLargeStack() throws {
        let files: [String]
        do { files = try ProjectFiles.collect([file]) } catch let failure as UsageFailure {
            Output.err("error: \(failure.message)\n")
            throw ExitCode(64)
        }
        let (checked, compiled) = try ProgramLoading.compile(files, color: color)
        guard compiled.main != nil else {
            Output.err("error: `\(file)` has no `main`; define `main = { ... }` to run it\n")
            throw ExitCode(64)
        }
        let stdout = BufferedOutput(write: { Output.out($0) })
        var sandboxPolicy = Sandbox.none
        let scratch = sandbox ? try ScratchDirectory.forSandbox() : nil
        defer { if let scratch { ScratchDirectory.remove(scratch) } }
        // The project (the current directory) stays readable; nothing else outside the scratch directory.
        if let scratch { sandboxPolicy = .confined(scratchDirectory: scratch, readableRoots: ["."]) }
        let effects = EffectHost(output: { stdout.append($0) }, arguments: programArguments, environment: Output.environment, sandbox: sandboxPolicy)
        let result = ProgramRunner.runMain(compiled, effects: effects, limits: budget.limits(default: .standard))
        stdout.flush()
        if case let .failure(error) = result {
            let style = TextStyle(enabled: color.enabled(fileDescriptor: 2, environment: Output.environment))
            Output.err(error.rendered(sources: checked.sources, style: style))
            throw ExitCode(1)
        }
    }
}

extension ScratchDirectory {
    /// A scratch directory for `--sandbox`, or a clear error (exit 70) when /tmp is unusable.
    static func forSandbox() throws -> String {
        guard let path = create() else {
            Output.err("error: cannot create a scratch directory under /tmp\n")
            throw ExitCode(70)
        }
        return path
    }
}
