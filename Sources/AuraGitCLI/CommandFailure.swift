#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import AuraGit
import AuraHistory
import AuraHeal
import AuraLedger
import AuraProviders
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Maps errors to one line on standard error and an exit status.
///
/// 1: a refusal (nothing changed: edited files, nothing to undo); 64: usage (unknown or
/// ambiguous id); 65: repository state (not a repository, bare, merge in progress, sparse
/// index); 70: an internal libgit2 failure; 75: busy (locked or moving refs, retry); 78: config.
enum CommandFailure {
    static func exitCode(for error: Error) -> Int32 {
        switch error {
        case let error as SnapshotStoreError:
            switch error {
            case .nothingToUndo, .nothingToRedo, .workingTreeChanged, .concurrentWrite: return 1
            case .unknownID, .ambiguousID, .notOnHistory, .invalidKeep: return 64
            case .historyMoved: return 75
            }
        case is ValidationError:
            return 64
        case is HealPolicy.InvalidValue, is ProviderSetupError:
            return 78
        case is LedgerError:
            return 65
        case let error as GitError:
            switch error {
            case .checkoutConflict: return 1
            case .notARepository, .bareRepository, .operationInProgress, .sparseIndexUnsupported: return 65
            case .notFound, .unsafePath: return 64
            case .symlinkInPath, .writeMismatch, .externalFilter: return 1
            case .referenceMoved, .referenceLocked: return 75
            case .invalidConfigValue: return 78
            case .libgit2: return 70
            }
        default:
            return 70
        }
    }

    /// Runs `body`; on error prints `error: <message>` and exits with the mapped status.
    static func run(_ options: OutputOptions, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw report(error, options)
        }
    }

    /// Prints `error: <message>` to stderr and returns the exit code to throw.
    static func report(_ error: Error, _ options: OutputOptions) -> ExitCode {
        let style = options.style(fileDescriptor: 2)
        let line = style.color("error:", .red, bold: true) + " \(error)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        return ExitCode(exitCode(for: error))
    }

    /// `run` for async commands.
    static func runAsync(_ options: OutputOptions, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw report(error, options)
        }
    }
}
