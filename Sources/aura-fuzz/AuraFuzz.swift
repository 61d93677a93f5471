import AuraFuzzSupport

#if AURA_LIBFUZZER
/// libFuzzer's entry point (scripts/fuzz.sh builds with `-sanitize=fuzzer -D AURA_LIBFUZZER`).
/// A broken invariant aborts, so libFuzzer saves the input as a crasher.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let problems = FrontEndFuzz.run(Array(UnsafeBufferPointer(start: data, count: size)))
    if !problems.isEmpty { fatalError("invariant broken: " + problems.joined(separator: "; ")) }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main` (so tests can link the
/// module); hand it to libFuzzer's driver, which parses the usual libFuzzer flags.
@_cdecl("aura_fuzz_main")
public func auraFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
import Foundation

/// Without libFuzzer: replays files given on the command line (crashers, the corpus) through
/// the front end, reporting broken invariants and the slowest input.
@main
struct AuraFuzz {
    static func main() {
        var failures = 0
        var slowest = (seconds: 0.0, path: "")
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); failures += 1; continue }
            let started = Date()
            let problems = FrontEndFuzz.run(Array(data))
            let seconds = Date().timeIntervalSince(started)
            if seconds > slowest.seconds { slowest = (seconds, path) }
            for problem in problems { print("\(path): \(problem)") }
            failures += problems.isEmpty ? 0 : 1
        }
        print("\(CommandLine.arguments.count - 1) inputs, \(failures) with broken invariants, slowest \(slowest.path) (\(Int(slowest.seconds * 1000)) ms)")
        if failures > 0 { exit(1) }
    }
}
#endif
