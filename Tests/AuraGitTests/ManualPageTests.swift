import AuraVersion
import Foundation
import XCTest

/// Issue #14: `--version` everywhere; manual pages generated from the command definitions (the
/// generate-manual tool swift-argument-parser's plugin runs, then scripts/man-pages.sh for
/// git's names) that real `git aura --help` and `man aura` show; completions for
/// `git aura <TAB>`.
final class ManualPageTests: XCTestCase {
    /// The pages, generated once per test run into a temporary MANPATH.
    private static let manual = Result { try GeneratedManual() }

    struct GeneratedManual {
        let manPath: String
        let pages: Set<String>

        init() throws {
            let bin = CommandLineTests.binDirectory
            // `swift build --product generate-manual` (make test) builds it as generate-manual,
            // the plugin (make man) as generate-manual-tool: the same program.
            guard let generator = ["generate-manual", "generate-manual-tool"].map({ bin + "/" + $0 })
                .first(where: FileManager.default.isExecutableFile) else {
                throw TestFailure("no generate-manual in \(bin): run `swift build --product generate-manual` (scripts/run-tests.sh does)")
            }
            let root = NSTemporaryDirectory() + "aura-man-" + UUID().uuidString
            manPath = root + "/man"
            for tool in ["git-aura", "aura"] {
                let raw = root + "/raw/" + tool
                try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
                try ManualPageTests.check(generator, [bin + "/" + tool, "--multi-page", "--output-directory", raw])
            }
            try ManualPageTests.check(ExitStatusTests.packageRoot + "/scripts/man-pages.sh",
                                      [root + "/raw/git-aura", root + "/raw/aura", manPath + "/man1"])
            pages = Set(try FileManager.default.contentsOfDirectory(atPath: manPath + "/man1"))
        }
    }

    private static func check(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: stderr, as: UTF8.self))")
        }
    }

    private func environment(_ manual: GeneratedManual) -> [String: String] {
        ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin", "MANPATH": manual.manPath, "MANPAGER": "cat", "PAGER": "cat",
         "GIT_PAGER": "cat", "MANWIDTH": "100"]
    }

    func testVersionFromOneSource() throws {
        let repo = try TempRepository()
        let path = ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin"]
        for (executable, arguments) in [("/usr/bin/git", ["aura", "--version"]), (CommandLineTests.binDirectory + "/git-aura", ["--version"]),
                                        (CommandLineTests.binDirectory + "/aura", ["--version"])] {
            let result = try repo.run(executable, arguments, env: path)
            XCTAssertEqual(result.status, 0, "\(executable) \(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, AuraVersion.current + "\n", "\(executable) \(arguments)")
        }
    }

    func testGitAuraHelpThroughGitShowsTheManualPageWithTheExitTableAndVersion() throws {
        let manual = try Self.manual.get()
        let repo = try TempRepository()
        let help = try repo.run("/usr/bin/git", ["aura", "--help"], env: environment(manual))
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.hasPrefix("GIT-AURA(1)"), help.stdout)
        XCTAssertFalse(help.stderr.contains("No manual entry"), help.stderr)
        XCTAssertTrue(help.stdout.contains("Exit status, the same for every command:"), help.stdout)
        for row in [" 74  I/O error: a write failed", " 64  usage: unknown option", " 75  busy:"] {
            XCTAssertTrue(help.stdout.contains(row), "row \(row) in \(help.stdout)")
        }
        XCTAssertTrue(help.stdout.contains("This manual describes git-aura \(AuraVersion.current)."), help.stdout)
        XCTAssertTrue(help.stdout.contains("git-aura-heal(1)"), "SEE ALSO uses git's page names: \(help.stdout)")
        XCTAssertFalse(help.stderr.contains("warning"), "the page renders cleanly: \(help.stderr)")
        // The short help (`-h`) is the command's own and carries the same table.
        let short = try repo.run("/usr/bin/git", ["aura", "-h"], env: environment(manual))
        XCTAssertTrue(short.stdout.contains(" 78  configuration: an invalid aura.* value"), short.stdout)
    }

    func testManAuraShowsThePage() throws {
        let manual = try Self.manual.get()
        let repo = try TempRepository()
        let page = try repo.run("/usr/bin/man", ["aura"], env: environment(manual))
        XCTAssertEqual(page.status, 0, page.stderr)
        XCTAssertTrue(page.stdout.hasPrefix("AURA(1)"), page.stdout)
        XCTAssertTrue(page.stdout.contains("This manual describes aura \(AuraVersion.current)."), page.stdout)
    }

    /// Every (sub)command the help lists has a page named as git-lfs names them:
    /// git-aura-heal(1), git-aura-snapshot-create(1), aura-check(1).
    func testEverySubcommandHasAPage() throws {
        let manual = try Self.manual.get()
        var expected: Set<String> = []
        for tool in ["git-aura", "aura"] {
            let repo = try TempRepository()
            let dump = try repo.run(CommandLineTests.binDirectory + "/" + tool, ["--experimental-dump-help"])
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
            func visit(_ command: [String: Any], _ prefix: String) {
                guard let name = command["commandName"] as? String, name != "help" else { return }
                let page = prefix.isEmpty ? name : prefix + "-" + name
                expected.insert(page + ".1")
                for sub in command["subcommands"] as? [[String: Any]] ?? [] { visit(sub, page) }
            }
            visit(try XCTUnwrap(json["command"] as? [String: Any]), "")
        }
        XCTAssertTrue(expected.isSuperset(of: ["git-aura.1", "git-aura-heal.1", "git-aura-snapshot-prune.1", "git-aura-policy-set.1",
                                               "aura.1", "aura-check.1"]), "\(expected.sorted())")
        XCTAssertEqual(manual.pages, expected)
        let repo = try TempRepository()
        for page in ["git-aura-heal", "git-aura-snapshot-prune", "aura-check"] {
            let shown = try repo.run("/usr/bin/man", [page], env: environment(manual))
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertTrue(shown.stdout.hasPrefix(page.uppercased() + "(1)"), shown.stdout)
        }
        let prune = try repo.run("/usr/bin/man", ["git-aura-snapshot-prune"], env: environment(manual))
        XCTAssertTrue(prune.stdout.contains("--keep"), prune.stdout)
    }

    /// The bash completion works through git's own (`git aura <TAB>` calls `_git_aura`) and for
    /// `git-aura`; zsh and fish files are generated for both commands.
    func testCompletionsForGitAuraThroughGitsCompletion() throws {
        let root = NSTemporaryDirectory() + "aura-completions-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.check(ExitStatusTests.packageRoot + "/scripts/completions.sh", [CommandLineTests.binDirectory, root])
        for file in ["bash/aura", "bash/git-aura", "zsh/_aura", "zsh/_git-aura", "fish/aura.fish", "fish/git-aura.fish"] {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            XCTAssertTrue(text.contains("aura"), file)
        }
        let gitCompletion = "/usr/share/bash-completion/completions/git"
        XCTAssertTrue(FileManager.default.fileExists(atPath: gitCompletion), "git ships its bash completion")
        let script = """
            source \(gitCompletion)
            source \(root)/bash/git-aura
            complete_line() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                "$2" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                echo "$COMP_LINE|${COMPREPLY[*]}"
            }
            complete_line "git aura sna" __git_wrap__git_main
            complete_line "git aura snapshot pr" __git_wrap__git_main
            complete_line "git aura heal --dr" __git_wrap__git_main
            complete_line "git-aura hoo" _git-aura
            """
        let repo = try TempRepository()
        let result = try repo.run("/bin/bash", ["-c", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            git aura sna|snapshot snapshots
            git aura snapshot pr|prune
            git aura heal --dr|--dry-run
            git-aura hoo|hooks

            """)
    }
}
