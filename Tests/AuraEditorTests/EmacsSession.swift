import Foundation

/// `emacs --batch` with editors/emacs on the load path, running one of the drivers in Drivers/:
/// each defines `aura-test-main` and writes its result to `$AURA_EMACS_RESULT`.
struct EmacsSession {
    let emacs: ExternalTool
    /// HOME for Emacs, so no user configuration or package is loaded.
    let home: String

    init(home: String) throws {
        emacs = try ExternalTool.required("emacs", package: "emacs-nox")
        self.home = home
    }

    /// Runs `driver` on `file` and returns what it wrote.
    func run(driver: String, file: String, in directory: String, environment: [String: String] = [:]) throws -> Data {
        let result = home + "/result-\(UUID().uuidString)"
        var env = environment
        env["AURA_EMACS_FILE"] = file
        env["AURA_EMACS_RESULT"] = result
        env["HOME"] = home
        // -q and --no-site-file, not -Q: the system's site-lisp stays on the load path, where
        // Debian's elpa-eglot lives.
        let run = try emacs.run(["--batch", "-q", "--no-site-file", "-L", EditorFiles.editors + "/emacs",
                                 "-l", EditorFiles.driver(driver), "-f", "aura-test-main"],
                                in: directory, environment: env)
        guard run.status == 0, let data = FileManager.default.contents(atPath: result) else {
            throw ExternalTool.Failure(description: "emacs --batch failed (\(run.status)):\n\(run.stdout)\n\(run.stderr)")
        }
        return data
    }
}
