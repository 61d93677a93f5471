#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

/// Runs `body` with a `git_strarray` whose strings live exactly for the call.
func withStringArray<R>(_ strings: [String], _ body: (inout git_strarray) throws -> R) rethrows -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    var buffer = pointers
    return try buffer.withUnsafeMutableBufferPointer { raw in
        var array = git_strarray(strings: raw.baseAddress, count: raw.count)
        return try body(&array)
    }
}
