import ArgumentParser
import AuraDiagnostics

/// `aura explain CODE`
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the long explanation of a diagnostic code (e.g. E0201)."
    )

    @Argument(help: "A diagnostic code such as E0201, W0001 or R0003.")
    var code: String

    func run() throws {
        guard let entry = CodeRegistry.entry(for: code) else {
            let known = CodeRegistry.allCodes.map(\.rawValue)
            var message = "error: unknown diagnostic code `\(code)`"
            if let close = known.first(where: { $0.lowercased() == code.lowercased().replacingO() }) { message += "; did you mean `\(close)`?" }
            message += "\nknown codes: E0101–E0112 (syntax), E0201–E0208 (names), E0301–E0311 (types), E0401–E0402 (effects), E0501–E0503 (capabilities), E0601–E0603 (modules), W0001–W0004, R0001–R0019, T0001–T0003\n"
            Output.err(message)
            throw ExitCode(64)
        }
        Output.out(entry.explanation.hasSuffix("\n") ? entry.explanation : entry.explanation + "\n")
    }
}

extension String {
    /// `E201` → `e0201`: users often drop the leading zero.
    fileprivate func replacingO() -> String {
        guard count == 4, let first else { return self }
        return String(first) + "0" + dropFirst()
    }
}
