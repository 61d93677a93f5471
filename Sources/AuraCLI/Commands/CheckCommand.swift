import ArgumentParser
import AuraDiagnostics
import AuraSema

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
}

extension ColorChoice: ExpressibleByArgument {}

/// `aura check [PATHS...]`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report syntax, name, type, effect and capability errors.",
        discussion: "With no paths, checks every .aura file under the current directory. Exit 0 when there are no errors (warnings allowed), 2 otherwise."
    )

    @Argument(help: "Files or directories to check.")
    var paths: [String] = []

    @Option(help: "Output format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    @Option(help: "Colour: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Print front-end timings and throughput to stderr.")
    var timings = false

    func run() throws {
        let files: [String]
        do { files = try ProjectFiles.collect(paths) } catch let failure as UsageFailure {
            Output.err("error: \(failure.message)\n")
            throw ExitCode(64)
        }
        let program = Compiler.check(paths: files, loader: FileSystemLoader(root: ""))
        let environment = Output.environment
        // At most 100 per file, whatever found them (the parser already caps its own).
        let diagnostics = DiagnosticLimit.capped(program.diagnostics)
        switch format {
        case .text:
            let style = TextStyle(enabled: color.enabled(fileDescriptor: 1, environment: environment))
            let renderer = PrettyRenderer(style: style)
            for diagnostic in diagnostics {
                Output.out(renderer.render(diagnostic, in: program.sources) + "\n")
            }
            Output.out(CheckSummary.line(program, fileCount: files.count, style: style) + "\n")
        case .json:
            Output.out(JSONRenderer().render(diagnostics, in: program.sources) + "\n")
        case .sarif:
            Output.out(SARIFRenderer(toolVersion: AuraCommand.version).render(diagnostics, in: program.sources) + "\n")
        }
        if timings {
            let lines = program.lineCount
            let parse = program.timings.parseSeconds, check = program.timings.checkSeconds
            Output.err("""
            timings: \(lines) lines in \(files.count) files
              files loaded   \(Format.ms(parse)) (parsed on every core; checking overlaps it)
              parse + check  \(Format.ms(parse + check)) (\(Format.rate(Double(lines) / (parse + check))) lines/s)

            """)
        }
        if program.hasErrors { throw ExitCode(2) }
    }
}

enum CheckSummary {
    static func line(_ program: CheckedProgram, fileCount: Int, style: TextStyle) -> String {
        let errors = program.errorCount, warnings = program.warningCount
        let files = fileCount == 1 ? "1 file" : "\(fileCount) files"
        if errors == 0 && warnings == 0 { return style.color("ok", .green, bold: true) + ": checked \(files), no problems" }
        var parts: [String] = []
        if errors > 0 { parts.append(style.color("\(errors) \(errors == 1 ? "error" : "errors")", .red, bold: true)) }
        if warnings > 0 { parts.append(style.color("\(warnings) \(warnings == 1 ? "warning" : "warnings")", .yellow, bold: true)) }
        return "checked \(files): " + parts.joined(separator: ", ")
    }
}

enum Format {
    static func ms(_ seconds: Double) -> String {
        let ms = seconds * 1000
        return ms < 10 ? String(Double(Int(ms * 100)) / 100) + " ms" : String(Int(ms.rounded())) + " ms"
    }

    static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        let whole = Int(value.rounded())
        var digits = String(whole)
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
            index -= 3
        }
        return digits
    }
}
