import ArgumentParser
import AuraVM

/// `aura verify-worker REQUEST`: the child process in which `git aura` runs a project's tests
/// and `main`s during verification, under OS limits and without network (see
/// `IsolatedRunWorker`). Not for people: hidden from help.
struct VerifyWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-worker",
        abstract: "Run a verification request in an isolated process (used by git aura).",
        shouldDisplay: false)

    @Argument(help: "The request file written by the verifier.")
    var request: String

    func run() throws {
        let status = IsolatedRunWorker.serve(requestPath: request)
        if status != 0 { throw ExitCode(status) }
    }
}
