import ArgumentParser
import AuraGit
import AuraHeal
import AuraLedger
import Foundation

/// `git aura metrics`: Prometheus text exposition of the ledger (for node_exporter's textfile
/// collector: `git aura metrics > /var/lib/node_exporter/aura.prom`).
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print healing metrics in the Prometheus text exposition format.")

    @Option(help: "Send the metrics to this Prometheus pushgateway (http://host:9091) instead of printing them.")
    var push: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandFailure.run(output) {
            let (store, _, ledger) = try openLedgerForReading(command: "metrics")
            let config = try GitConfig(repository: store.repository, environment: ProcessInfo.processInfo.environment)
            let breaker = try CircuitBreakerPolicy.load(from: config).state(in: ledger)
            let exposition = try MetricsExposition.render(ledger, breakerOpen: breaker.isOpen)
            guard let push else {
                print(exposition, terminator: "")
                return
            }
            let name = URL(fileURLWithPath: store.repository.workingDirectory).lastPathComponent
            let url = try MetricsPush.url(gateway: push, repository: name)
            try MetricsPush.send(exposition, to: url)
            print("pushed \(exposition.split(separator: "\n").filter { !$0.hasPrefix("#") }.count) samples to \(url)")
        }
    }
}
