import ArgumentParser
import AuraDiagnostics
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options every command shares: colour.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Colour: auto (only on a terminal, off with NO_COLOR), always or never.")
    var color: String = "auto"

    func validate() throws {
        guard ColorChoice(rawValue: color) != nil else {
            throw ValidationError("--color must be auto, always or never (got '\(color)')")
        }
    }

    /// The painter for standard output.
    var style: TextStyle { style(fileDescriptor: 1) }

    func style(fileDescriptor: Int32) -> TextStyle {
        let choice = ColorChoice(rawValue: color) ?? .auto
        return TextStyle(enabled: choice.enabled(fileDescriptor: fileDescriptor, environment: ProcessInfo.processInfo.environment))
    }
}
