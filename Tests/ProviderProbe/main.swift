// Spawned by the rate limiter tests: acquires the limiter COUNT times and prints the time of
// each grant, one per line. Usage: provider-probe DIRECTORY PER_MINUTE WINDOW_SECONDS COUNT
import AuraProviders
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 5, let perMinute = Int(arguments[2]), let window = Double(arguments[3]), let count = Int(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: provider-probe DIRECTORY PER_MINUTE WINDOW_SECONDS COUNT\n".utf8))
    exit(64)
}
let limiter = RateLimiter(directory: arguments[1], name: "probe", requestsPerMinute: perMinute, window: window)
for _ in 0..<count {
    try await limiter.acquire()
    print(String(format: "%.6f", Date().timeIntervalSince1970))
    fflush(nil)
}
