import Foundation

/// Fixtures/servers/http_test_server.py, started once per test process on 127.0.0.1.
/// The server exits when its stdin closes, i.e. when this process ends. Shared by the HTTP
/// client tests and the `+http` builtin tests (a library target, so the code exists once).
public final class LoopbackServer: @unchecked Sendable {
    public static let shared = LoopbackServer()

    public let port: Int
    private let process = Process()
    private let input = Pipe()

    private init() {
        // An http_proxy in the developer's environment must not capture loopback requests.
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        setenv("NO_PROXY", "127.0.0.1,localhost", 1)
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Fixtures/servers/http_test_server.py").path]
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { fatalError("cannot start the loopback server: \(error)") }
        var line = Data()
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { fatalError("loopback server printed no port") }
        self.port = port
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// A loopback port with nothing listening (bound, then released), for "connection refused".
    public static func closedPort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                _ = bind(socket, generic, length)
                _ = getsockname(socket, generic, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
