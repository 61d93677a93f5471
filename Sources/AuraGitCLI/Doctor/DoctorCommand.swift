import ArgumentParser
import AuraGit
import AuraHeal
import AuraLedger
import Foundation

/// `git aura doctor [--json] [--rebuild-ledger]`.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation and the repository: libraries, hooks, policy, provider, ledger, AURA refs.",
        discussion: """
            Prints HEALTHY, or DEGRADED with the exact command that fixes each finding. Exit status:
            0 healthy, 1 degraded. --rebuild-ledger moves the ledger aside and rebuilds its operation
            log and applied attempts from the trailers on the heal ref.
            """)

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Move the ledger aside and rebuild it from the heal history in git.")
    var rebuildLedger = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandFailure.run(output) {
            let store = try openStore()
            let environment = ProcessInfo.processInfo.environment
            let config = try GitConfig(repository: store.repository, environment: environment)
            var rebuilt: LedgerRebuild.Summary?
            if rebuildLedger {
                let path = Ledger.path(for: store.repository)
                let backup = FileManager.default.fileExists(atPath: path) ? try Ledger.moveAside(path, label: "before-rebuild") : nil
                let ledger = try Ledger.open(at: path)
                rebuilt = try LedgerRebuild.rebuild(ledger, from: store)
                if !json, let rebuilt {
                    let clones = rebuilt.clones == 0 ? "" : " and \(rebuilt.clones) fetched clone histor\(rebuilt.clones == 1 ? "y" : "ies")"
                    print("rebuilt the ledger from \(store.refs.heal)\(clones): \(rebuilt.operations) operations, \(rebuilt.attempts) attempts, "
                          + "\(rebuilt.sessions) sessions" + (backup.map { "; the old file is \($0)" } ?? ""))
                }
            }
            let report = DoctorReport(findings: LibraryVersions.findings()
                + RepositoryChecks(store: store, config: config, environment: environment).findings())
            if json {
                print(try HistoryRendering.encode(report))
            } else {
                print(render(report), terminator: "")
            }
            if !report.healthy { throw ExitCode(1) }
        }
    }

    func render(_ report: DoctorReport) -> String {
        let style = output.style
        var out = ""
        for finding in report.findings {
            let mark: String = switch finding.status {
            case .ok: style.color("ok  ", .green)
            case .warn: style.color("warn", .yellow, bold: true)
            case .fail: style.color("FAIL", .red, bold: true)
            }
            out += "\(mark)  \(HistoryRendering.pad(finding.check, 8)) \(finding.message)\n"
            if let fix = finding.fix { out += "      \(String(repeating: " ", count: 8)) fix: \(style.bold(fix))\n" }
        }
        let problems = report.findings.filter { $0.status != .ok }.count
        out += report.healthy ? style.color("HEALTHY", .green, bold: true) + "\n"
            : style.color("DEGRADED", .red, bold: true) + " (\(problems) finding\(problems == 1 ? "" : "s"))\n"
        return out
    }
}
