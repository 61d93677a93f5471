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

/// Maps errors to one line on standard error and an exit status from the one table every
/// command follows (`ExitStatus`, docs/git-aura.md "Exit status").
enum CommandFailure {
    static func exitCode(for error: Error) -> Int32 {
        switch error {
        case let error as SnapshotStoreError:
            switch error {
            case .nothingToUndo, .nothingToRedo, .workingTreeChanged, .concurrentWrite: return ExitStatus.refused
            case .unknownID, .ambiguousID, .notOnHistory, .invalidKeep: return ExitStatus.usage
            case .historyMoved: return ExitStatus.busy
            }
        // A command's own checks of its arguments, wherever they run (`validate` or `run`).
        case is ValidationError, is HealSelectionError:
            return ExitStatus.usage
        case let error as CommandFailureMessage:
            return error.status
        // Already published, too many open, a conflict with HEAD: nothing was written.
        case is HealPublisher.Failure:
            return ExitStatus.refused
        case is HealPolicy.InvalidValue, is ProviderSetupError:
            return ExitStatus.configuration
        case is LedgerError:
            return ExitStatus.repositoryState
        case let error as GitError:
            if error.storageErrno != nil { return ExitStatus.ioError }
            switch error {
            case .checkoutConflict: return ExitStatus.refused
            case .notARepository, .bareRepository, .operationInProgress, .sparseIndexUnsupported: return ExitStatus.repositoryState
            case .notFound, .unsafePath: return ExitStatus.usage
            case .symlinkInPath, .writeMismatch, .externalFilter: return ExitStatus.refused
            case .referenceMoved, .referenceLocked: return ExitStatus.busy
            case .invalidConfigValue: return ExitStatus.configuration
            case .libgit2: return ExitStatus.internalError
            }
        default:
            return ExitStatus.internalError
        }
    }

    /// The line shown for `error`: its description, except for a write the operating system
    /// refused, which says what could not be written, the OS error and what to do.
    static func message(for error: Error) -> String {
        guard let error = error as? GitError, let code = error.storageErrno, case .libgit2(let failure) = error else { return "\(error)" }
        let operation = failure.operation
        let osError = String(cString: strerror(code))
        // A libgit2 callback's failure drops the OS error from the message: add it back.
        let detail = failure.message.hasSuffix(osError) ? failure.message : failure.message + ": " + osError
        let advice = "; free disk space or fix the permissions, then retry"
        if ["git_index_add_all", "git_odb_write", "git_blob", "git_tree", "git_commit_create", "git_index_write_tree"].contains(where: operation.hasPrefix) {
            return "I/O error: cannot write git objects into .git/objects: \(detail) (\(operation))" + advice
        }
        if !operation.hasPrefix("git_"), let open = operation.firstIndex(of: "("), operation.hasSuffix(")") {
            // AuraGit's own system calls: `write(/path)`, `rename(/path)`.
            let path = operation[operation.index(after: open)..<operation.index(before: operation.endIndex)]
            return "I/O error: cannot write \(path): \(detail) (\(operation[..<open]))" + advice
        }
        // libgit2's own OS messages name the file: "could not write to '<path>': <error>".
        return "I/O error: \(detail) (\(operation))" + advice
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
        let line = style.color("error:", .red, bold: true) + " \(message(for: error))\n"
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
