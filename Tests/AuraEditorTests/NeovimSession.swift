import Foundation

/// A headless Neovim with nothing but editors/neovim on its runtimepath, running one of the
/// Lua drivers in Drivers/ on a file. Neovim 0.7 has no `-l`, so the driver runs through
/// `-c 'luafile ...'` after the file is loaded; it reports through Drivers/report.lua.
struct NeovimSession {
    struct Report {
        let ok: Bool
        let result: [String: Any]
        let error: String?
    }

    let nvim: ExternalTool
    /// Neovim's config, state, data and cache (the LSP log) go here, never to the user's.
    let home: String

    init(home: String) throws {
        nvim = try ExternalTool.required("nvim", package: "neovim")
        self.home = home
    }

    /// Opens `file` (in `directory`), runs `driver`, and returns what it reported.
    func run(driver: String, file: String, in directory: String, environment: [String: String] = [:]) throws -> Report {
        let resultPath = home + "/result-\(UUID().uuidString).json"
        let plugin = EditorFiles.editors + "/neovim"
        var env = environment
        env["AURA_NVIM_RESULT"] = resultPath
        env["AURA_DRIVERS"] = URL(fileURLWithPath: EditorFiles.driver(driver)).deletingLastPathComponent().path
        for name in ["XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"] {
            env[name] = home + "/" + name.lowercased()
        }
        let arguments = [
            "--headless", "-u", "NONE", "-i", "NONE", "-n",
            "--cmd", "set runtimepath^=\(plugin)",
            "--cmd", "filetype plugin indent on",
            "--cmd", "syntax on",
            file,
            "-c", "luafile \(EditorFiles.driver(driver))",
        ]
        let run = try nvim.run(arguments, in: directory, environment: env)
        guard let data = FileManager.default.contents(atPath: resultPath) else {
            throw ExternalTool.Failure(description: "nvim wrote no report (exit \(run.status)):\n\(run.stdout)\n\(run.stderr)")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ExternalTool.Failure(description: "nvim's report is not a JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        return Report(ok: object["ok"] as? Bool ?? false,
                      result: object["result"] as? [String: Any] ?? [:],
                      error: object["error"] as? String)
    }
}
