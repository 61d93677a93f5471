import ArgumentParser
import AuraLSP

/// `aura lsp`: the language server, for editors.
struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the AURA language server (LSP 3.17 over standard input and output).",
        discussion: """
        Editors start it: diagnostics as you type, hover, go to definition, references, symbols, \
        completion, signature help, formatting, rename, and code actions with the healer's verified \
        fixes. The project root is the workspace folder the editor sends (else the current \
        directory). See docs/editors.md. Exit 0 after the client's shutdown and exit, 1 when the \
        stream ends without them.
        """
    )

    @Flag(help: "Accepted for editors that pass it; standard streams are the only transport.")
    var stdio = false

    func run() throws {
        let status = LanguageServer().run()
        if status != 0 { throw ExitCode(status) }
    }
}
