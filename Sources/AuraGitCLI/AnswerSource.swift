#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where answers to "apply this fix?" come from. Like `git add -p`, AURA reads a terminal or a
/// pipe/file on standard input (`yes y | git aura heal`, `git aura heal < answers`), but never
/// /dev/null or a closed descriptor — that is how hooks and most CI runners start a command, and
/// there the fixes that need approval are reported instead (exit status 1).
enum AnswerSource: Equatable {
    case terminal
    case piped
    case none

    static func standardInput() -> AnswerSource {
        if isatty(0) != 0 { return .terminal }
        var info = stat()
        guard fstat(0, &info) == 0 else { return .none }
        switch info.st_mode & S_IFMT {
        case S_IFIFO, S_IFREG, S_IFSOCK: return .piped
        default: return .none
        }
    }
}
