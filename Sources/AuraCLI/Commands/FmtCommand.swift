import ArgumentParser
import AuraDiagnostics
import AuraFormat
import AuraSema

/// `aura fmt [PATHS...] [--check] [--stdin]`
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite .aura files in the canonical style.",
        discussion: """
        With no paths, formats every .aura file under the current directory. A file with syntax \
        errors is left untouched and its errors are printed. Exit 0 when done, 1 with --check when \
        a file would change, 2 when a file has syntax errors, 70 when the formatter refused its own \
        output (a bug: the file is left untouched).
        """
    )

    @Argument(help: "Files or directories to format.")
    var paths: [String] = []

    @Flag(help: "Rewrite nothing; list the files that would change and exit 1 if there are any.")
    var check = false

    @Flag(help: "Read a program from standard input and write it formatted to standard output.")
    var stdin = false

    @Option(help: "Colour of diagnostics: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        if stdin {
            guard paths.isEmpty, !check else {
                Output.err("error: --stdin takes no paths and no --check; run `aura fmt --stdin < FILE`\n")
                throw ExitCode(64)
            }
            try formatStandardInput()
            return
        }
        let files: [String]
        do { files = try ProjectFiles.collect(paths) } catch let failure as UsageFailure {
            Output.err("error: \(failure.message)\n")
            throw ExitCode(64)
        }
        var report = FmtReport()
        for path in files { format(path, into: &report) }
        Output.err(report.summary(check: check, fileCount: files.count))
        if report.internalErrors > 0 { throw ExitCode(70) }
        if report.withErrors > 0 || report.unreadable > 0 { throw ExitCode(2) }
        if check && !report.changed.isEmpty { throw ExitCode(1) }
    }

    private func format(_ path: String, into report: inout FmtReport) {
        let bytes: [UInt8]
        do {
            guard let read = try FileReader.read(path) else {
                Output.err("error: cannot read `\(path)`: no such file\n")
                report.unreadable += 1
                return
            }
            bytes = read
        } catch {
            Output.err("error: \(error)\n")
            report.unreadable += 1
            return
        }
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        switch AuraFormatter.format(file) {
        case let .formatted(text):
            guard Array(text.utf8) != bytes else { return }
            report.changed.append(path)
            if check {
                Output.out(path + "\n")
                return
            }
            do {
                try AtomicFile.replace(path, with: Array(text.utf8))
                Output.out("formatted \(path)\n")
            } catch {
                Output.err("error: cannot write `\(path)`: \(error); the file is unchanged\n")
                report.unreadable += 1
            }
        case let .syntaxErrors(diagnostics):
            render(diagnostics, sources)
            Output.err("error: `\(path)` has syntax errors and was left untouched; fix them (`aura check \(path)`), then run `aura fmt \(path)` again\n")
            report.withErrors += 1
        case let .internalError(reason):
            Output.err(FmtCommand.internalErrorMessage(path, reason))
            report.internalErrors += 1
        }
    }

    private func formatStandardInput() throws {
        var sources = SourceMap()
        let file = sources.add(path: "<stdin>", bytes: StandardInput.readAll())
        switch AuraFormatter.format(file) {
        case let .formatted(text):
            Output.out(text)
        case let .syntaxErrors(diagnostics):
            render(diagnostics, sources)
            Output.err("error: the program on standard input has syntax errors; nothing was formatted (`aura check FILE` shows them too)\n")
            throw ExitCode(2)
        case let .internalError(reason):
            Output.err(FmtCommand.internalErrorMessage("<stdin>", reason))
            throw ExitCode(70)
        }
    }

    private func render(_ diagnostics: [Diagnostic], _ sources: SourceMap) {
        let style = TextStyle(enabled: color.enabled(fileDescriptor: 2, environment: Output.environment))
        let renderer = PrettyRenderer(style: style)
        for diagnostic in DiagnosticLimit.capped(diagnostics) { Output.err(renderer.render(diagnostic, in: sources) + "\n") }
    }

    static func internalErrorMessage(_ path: String, _ reason: String) -> String {
        "internal error: aura fmt refused to rewrite `\(path)`: \(reason). The file is untouched; please report it with the file (`aura fmt --stdin < \(path)` reproduces it).\n"
    }
}

/// What `aura fmt` did to the files it was given.
struct FmtReport {
    var changed: [String] = []
    var withErrors = 0
    var internalErrors = 0
    var unreadable = 0

    func summary(check: Bool, fileCount: Int) -> String {
        let files = { (n: Int) in n == 1 ? "1 file" : "\(n) files" }
        var parts: [String]
        if check {
            parts = changed.isEmpty
                ? ["\(files(fileCount)) already formatted"]
                : ["\(files(changed.count)) of \(fileCount) would be reformatted; run `aura fmt` on them to rewrite"]
        } else {
            parts = ["\(files(changed.count)) reformatted, \(files(fileCount - changed.count - withErrors - internalErrors - unreadable)) already formatted"]
        }
        if withErrors > 0 { parts.append("\(files(withErrors)) left untouched because of syntax errors") }
        if internalErrors > 0 { parts.append("\(files(internalErrors)) refused by an internal error") }
        if unreadable > 0 { parts.append("\(files(unreadable)) could not be read or written") }
        return parts.joined(separator: ", ") + "\n"
    }
}
