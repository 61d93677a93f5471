import Foundation

/// Fixtures/servers/model_mock_server.py: a loopback mock of the Claude and OpenAI-compatible
/// APIs with scripted answers and faults. One per test process, on 127.0.0.1; it exits when
/// this process ends (its stdin closes). Commands go over its stdin, so scripting it needs no
/// HTTP client.
public final class MockModelServer: @unchecked Sendable {
    public static let shared = MockModelServer()

    public let port: Int
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()

    private init() {
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        setenv("NO_PROXY", "127.0.0.1,localhost", 1)
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Fixtures/servers/model_mock_server.py").path]
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { fatalError("cannot start the model mock server: \(error)") }
        var line = ""
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 {
            line.append(Character(UnicodeScalar(first)))
        }
        guard let port = Int(line) else { fatalError("model mock server printed no port") }
        self.port = port
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Replaces the queue of answers (one step per API request, in order) and clears the log.
    /// Steps are documented in the server script. `expectKey`: requests with another key get 401.
    public func script(_ steps: [[String: Any]], expectKey: String? = nil) {
        var script: [String: Any] = ["steps": steps]
        if let expectKey { script["expect_key"] = expectKey }
        let data = try! JSONSerialization.data(withJSONObject: script)
        _ = command("SCRIPT " + String(decoding: data, as: UTF8.self))
    }

    /// The API requests received since the last `script`: path, headers (lower-cased), body, time.
    public func requests() -> [[String: Any]] {
        let line = command("REQUESTS")
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [[String: Any]] ?? []
    }

    private func command(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        input.fileHandleForWriting.write(Data((text + "\n").utf8))
        var bytes: [UInt8] = []
        while let chunk = try? output.fileHandleForReading.read(upToCount: 1), let byte = chunk.first, byte != 10 {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
