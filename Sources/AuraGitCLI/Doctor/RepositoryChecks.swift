import AuraGit
import AuraHistory
import AuraHeal
import AuraLedger
import Foundation

/// The repository half of `git aura doctor`: hooks, policy, provider, ledger, refs, breaker.
struct RepositoryChecks {
    let store: SnapshotStore
    let config: GitConfig
    let environment: [String: String]

    func findings() -> [DoctorFinding] {
        hooks() + policy() + providers() + ledgerAndBreaker() + refs() + [watcher()] + SafetyChecks(store: store).findings()
    }

    /// Whether `git aura watch` runs on this worktree. Not running is no problem: watching is optional.
    func watcher() -> DoctorFinding {
        let worktree = String(store.repository.workingDirectory.dropLast())
        guard let watcher = WatchLock.current(store.repository) else { return .ok("watch", "no watcher runs on \(worktree)") }
        return .ok("watch", "watcher running on \(watcher.worktree) since \(WatchLock.time(watcher.since)) (pid \(watcher.pid))")
    }

    // MARK: - Hooks

    func hooks() -> [DoctorFinding] {
        // The directory git uses (`git rev-parse --git-path hooks`; see `HooksDirectory`).
        let hooksDirectory: String
        do {
            hooksDirectory = try HooksDirectory.resolve(repository: store.repository, config: config, home: environment["HOME"])
        } catch {
            return [DoctorFinding(check: "hooks", status: .fail, message: "\(error)", fix: "git config core.hooksPath PATH")]
        }
        return ["pre-commit", "post-merge"].map { name in
            let path = hooksDirectory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  text.contains("git aura hook") || text.contains("git-aura hook") else {
                return DoctorFinding(check: "hooks", status: .warn, message: "\(name) hook not installed (\(path))",
                                     fix: "git aura hooks install")
            }
            guard FileManager.default.isExecutableFile(atPath: path) else {
                return DoctorFinding(check: "hooks", status: .warn, message: "\(name) hook is not executable, git skips it",
                                     fix: "chmod +x \(path)")
            }
            return .ok("hooks", "\(name) runs git aura hook \(name)")
        }
    }

    // MARK: - Policy and providers

    func policy() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        for load in [{ _ = try HealPolicy.load(from: config) }, { _ = try CircuitBreakerPolicy.load(from: config) }] {
            do { try load() } catch let error as HealPolicy.InvalidValue {
                findings.append(DoctorFinding(check: "policy", status: .fail, message: error.description,
                                              fix: Self.unsetCommand(error.key, origin: error.origin, value: error.value)))
            } catch {
                findings.append(DoctorFinding(check: "policy", status: .fail, message: "\(error)", fix: nil))
            }
        }
        if findings.isEmpty, let policy = try? HealPolicy.load(from: config) {
            findings.append(.ok("policy", "\(policy.mode.rawValue), automatic up to \(policy.autoApplyMaxRisk.name) risk"))
        }
        return findings
    }

    /// The command that removes a bad value at its origin (the default then applies).
    static func unsetCommand(_ key: String, origin: String, value: String) -> String {
        switch origin {
        case "commandLine": return "drop `-c \(key)=\(value)` from the git command line"
        case "global", "xdg": return "git config --global --unset \(key)"
        case "system": return "sudo git config --system --unset \(key)"
        case "worktree": return "git config --worktree --unset \(key)"
        default: return "git config --unset \(key)"
        }
    }

    func providers() -> [DoctorFinding] {
        let names = (config.string("aura.provider") ?? "rules").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        return names.map { name in
            switch name {
            case "rules": return .ok("provider", "rules (offline, built in)")
            case "replay": return .ok("provider", "replay (scripted)")
            case "claude":
                let variable = config.string("aura.claude.apiKeyEnv") ?? "ANTHROPIC_API_KEY"
                let endpoint = config.string("aura.claude.baseUrl") ?? "https://api.anthropic.com"
                // Presence only: the value itself is never printed, logged or stored.
                guard let key = environment[variable], !key.isEmpty else {
                    return DoctorFinding(check: "provider", status: .fail, message: "claude: the API key variable $\(variable) is not set",
                                         fix: "export \(variable)=<your Anthropic API key>")
                }
                _ = key
                return .ok("provider", "claude at \(endpoint), key in $\(variable) (set)")
            case "openai":
                guard let endpoint = config.string("aura.openai.baseUrl"), !endpoint.isEmpty else {
                    return DoctorFinding(check: "provider", status: .fail, message: "openai: no endpoint configured",
                                         fix: "git config aura.openai.baseUrl http://localhost:8080/v1")
                }
                return .ok("provider", "openai-compatible at \(endpoint)")
            default:
                return DoctorFinding(check: "provider", status: .fail,
                                     message: "unknown provider `\(name)` in aura.provider (allowed: rules, claude, openai, replay)",
                                     fix: "git config aura.provider rules")
            }
        }
    }

    // MARK: - Ledger, breaker, refs

    func ledgerAndBreaker() -> [DoctorFinding] {
        let path = Ledger.path(for: store.repository)
        let ledger: Ledger
        do {
            ledger = try Ledger.open(at: path, recover: false)
        } catch let error as LedgerError {
            if case .newerSchema = error {
                return [DoctorFinding(check: "ledger", status: .fail, message: error.description,
                                      fix: "install a newer git-aura, or: mv \(path) \(path).old")]
            }
            return [DoctorFinding(check: "ledger", status: .fail, message: error.description, fix: "git aura doctor --rebuild-ledger")]
        } catch {
            return [DoctorFinding(check: "ledger", status: .fail, message: "cannot open \(path): \(error)", fix: "git aura doctor --rebuild-ledger")]
        }
        var findings: [DoctorFinding] = []
        do {
            let problems = try ledger.integrityCheck()
            if problems == ["ok"] {
                findings.append(.ok("ledger", "\(path): integrity ok, schema \(try ledger.appliedMigrations().last ?? "none")"))
            } else {
                findings.append(DoctorFinding(check: "ledger", status: .fail,
                                              message: "integrity check failed: " + problems.prefix(3).joined(separator: "; "),
                                              fix: "git aura doctor --rebuild-ledger"))
            }
            if let breakerPolicy = try? CircuitBreakerPolicy.load(from: config) {
                let state = try breakerPolicy.state(in: ledger)
                findings.append(state.isOpen
                    ? DoctorFinding(check: "breaker", status: .warn, message: BreakerText.open(state), fix: "git aura heal --reset-breaker")
                    : .ok("breaker", "closed (\(state.failures)/\(state.maxFailures) failures in \(DurationText.format(state.window)))"))
            }
        } catch {
            findings.append(DoctorFinding(check: "ledger", status: .fail, message: "\(error)", fix: "git aura doctor --rebuild-ledger"))
        }
        return findings
    }

    func refs() -> [DoctorFinding] {
        do {
            let problems = try HistoryConsistency.check(store)
            if problems.isEmpty {
                let count = (try? store.history().entries.count) ?? 0
                return [.ok("refs", "\(store.refs.heal): \(count) entr\(count == 1 ? "y" : "ies"), trailers parse, chain intact; redo ref sane")]
            }
            return problems.map { DoctorFinding(check: "refs", status: .fail, message: $0.message, fix: $0.fix) }
        } catch {
            return [DoctorFinding(check: "refs", status: .fail, message: "cannot read AURA refs: \(error)", fix: nil)]
        }
    }
}
