import ArgumentParser
import AuraDiagnostics
import AuraSema
import AuraVM
import AuraJSON

/// `aura test [PATHS] [--filter TEXT]`
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the `test` blocks of a project.",
        discussion: "Each test runs in a fresh VM with its own output. Exit 0 when all pass, 1 when any fails, 2 on compile errors."
    )

    @Argument(help: "Files or directories (default: the project under the current directory).")
    var paths: [String] = []

    @Option(help: "Run only tests whose name contains this text.")
    var filter: String?

    @Option(help: "Output format: text or json.")
    var format: TestFormat = .text

    @Flag(help: "Confine effects: databases in memory, no network, reads only in the project, writes only in a scratch directory.")
    var sandbox = false

    @OptionGroup var budget: BudgetOptions

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    enum TestFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let files: [String]
        do { files = try ProjectFiles.collect(paths) } catch let failure as UsageFailure {
            Output.err("error: \(failure.message)\n")
            throw ExitCode(64)
        }
        let (checked, compiled) = try ProgramLoading.compile(files, color: color)
        let environment = Output.environment
        let scratch = sandbox ? try ScratchDirectory.forSandbox() : nil
        defer { if let scratch { ScratchDirectory.remove(scratch) } }
        let outcomes = ProgramRunner.runTests(compiled, filter: filter, makeEffects: { capture in
            EffectHost(output: capture, environment: environment,
                       sandbox: scratch.map { .confined(scratchDirectory: $0, readableRoots: ["."]) } ?? .none, randomSeed: 42)
        }, limits: budget.limits(default: .verification))
        let style = TextStyle(enabled: color.enabled(fileDescriptor: 1, environment: environment))
        switch format {
        case .text: Output.out(TestReport.text(outcomes, sources: checked.sources, style: style))
        case .json: Output.out(TestReport.json(outcomes, sources: checked.sources) + "\n")
        }
        if outcomes.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}

/// How test results are shown.
enum TestReport {
    /// T0001 for failed assertions, T0003 for exhausted budgets, T0002 for other runtime errors.
    static func code(_ error: RuntimeError) -> DiagnosticCode {
        switch error.code {
        case .assertionFailed: return .testAssertionFailed
        case .instructionBudget, .timeLimit, .memoryLimit, .stackOverflow: return .testBudgetExceeded
        default: return .testRuntimeError
        }
    }

    static func text(_ outcomes: [TestOutcome], sources: SourceMap, style: TextStyle) -> String {
        var out = ""
        for outcome in outcomes {
            let mark = outcome.passed ? style.color("✓", .green, bold: true) : style.color("✗", .red, bold: true)
            out += "\(mark) \(outcome.title) \(style.dim("(\(outcome.module), \(Format.ms(outcome.seconds)))"))\n"
            if let error = outcome.error {
                out += "  " + style.color("\(code(error))", .red, bold: true) + " " + (CodeRegistry.title(of: code(error)) ?? "") + "\n"
                out += error.rendered(sources: sources, style: style)
                if !outcome.output.isEmpty { out += "  output:\n" + outcome.output.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n" }
            }
        }
        let passed = outcomes.filter(\.passed).count, failed = outcomes.count - passed
        if outcomes.isEmpty { out += "no tests found\n" }
        out += "\(passed) passed, \(failed) failed\n"
        return out
    }

    static func json(_ outcomes: [TestOutcome], sources: SourceMap) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("tests"); json.beginArray()
        for outcome in outcomes {
            json.beginObject()
            json.field("title", outcome.title)
            json.field("module", outcome.module)
            json.field("passed", outcome.passed)
            json.key("seconds"); json.double(outcome.seconds)
            json.field("output", outcome.output)
            if let error = outcome.error {
                json.key("error"); json.beginObject()
                json.field("code", code(error).rawValue)
                json.field("runtimeCode", error.code.rawValue)
                json.field("message", error.message)
                if let span = error.span {
                    let file = sources[span.file]
                    let (line, column) = file.location(of: span.start)
                    json.field("file", file.path); json.field("line", line); json.field("column", column)
                }
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        let passed = outcomes.filter(\.passed).count
        json.key("summary"); json.beginObject(); json.field("passed", passed); json.field("failed", outcomes.count - passed); json.endObject()
        json.endObject()
        return json.output
    }
}
