import Foundation

/// A program the editor tests drive (nvim, emacs, python3, aura), found on PATH or at a path.
struct ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let path: String

    /// The tool named `name` on PATH. A missing tool fails the test with the way to install it:
    /// `make deps` installs every tool these tests need, so on CI they are always there.
    static func required(_ name: String, package: String) throws -> ExternalTool {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return ExternalTool(path: candidate) }
        }
        throw Failure(description: "`\(name)` is not on PATH: run `make deps` (scripts/install-deps.sh installs the Debian package \(package))")
    }

    /// The `aura` executable under test: `AURA_BINARY` when set (to test another build's
    /// server), else the one built beside this test bundle.
    static func aura() throws -> ExternalTool {
        if let override = ProcessInfo.processInfo.environment["AURA_BINARY"], !override.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: override) else {
                throw Failure(description: "AURA_BINARY=\(override) is not an executable file")
            }
            return ExternalTool(path: override)
        }
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("aura").path,
            EditorFiles.root + "/.build/debug/aura",
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "the aura executable was not found (looked at \(candidates.joined(separator: ", "))): run `swift build`")
        }
        return ExternalTool(path: found)
    }

    /// Runs the tool and collects its output. `limit` only guards against a hung editor
    /// (a wrong script can leave Neovim waiting for input): the process is killed and the
    /// test fails with what it printed; no result depends on how long anything took.
    func run(_ arguments: [String], in directory: String? = nil, input: String? = nil,
             environment: [String: String] = [:], limit: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        // Both pipes are drained concurrently so a chatty tool never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        let result = Result(status: process.terminationStatus,
                            stdout: String(decoding: outData, as: UTF8.self),
                            stderr: String(decoding: errData, as: UTF8.self))
        if process.terminationReason == .uncaughtSignal {
            throw Failure(description: "\(path) \(arguments.joined(separator: " ")) did not finish and was stopped:\n\(result.stdout)\n\(result.stderr)")
        }
        return result
    }
}
