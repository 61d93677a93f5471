import AuraTestSupport
import Foundation
import XCTest

/// A language client for tests: starts the built `aura lsp` as a child process, frames and
/// parses messages with Foundation's own JSON (an independent parser checks the server's output),
/// and waits for answers with a deadline so a hung server fails the test instead of the run.
final class LSPTestClient: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private let lock = NSCondition()
    private var received: [[String: Any]] = []
    private var nextID = 0
    let root: String
    static let deadline: TimeInterval = 60

    init(root: String, initialize: Bool = true, capabilities: [String: Any] = [:]) throws {
        self.root = root
        process.executableURL = URL(fileURLWithPath: GitTestRepository.executable("aura"))
        process.arguments = ["lsp"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in readLoop(handle) }
        if initialize {
            let answer = try request("initialize", ["processId": NSNull(), "rootUri": uri(""), "capabilities": capabilities])
            XCTAssertNotNil(answer["result"], "initialize failed: \(answer)")
            notify("initialized", [:])
        }
    }

    deinit { if process.isRunning { process.terminate() } }

    func uri(_ path: String) -> String { URL(fileURLWithPath: root + (path.isEmpty ? "" : "/" + path)).absoluteString }

    // MARK: Sending

    func closeInput() throws { try input.fileHandleForWriting.close() }

    func sendRaw(_ bytes: Data) { input.fileHandleForWriting.write(bytes) }

    func send(_ message: [String: Any]) {
        let body = try! JSONSerialization.data(withJSONObject: message)
        sendRaw(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    /// Sends a request and waits for its answer (the whole response object).
    @discardableResult
    func request(_ method: String, _ params: Any) throws -> [String: Any] {
        lock.lock(); nextID += 1; let id = nextID; lock.unlock()
        send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
        return try waitFor("answer to \(method)") { ($0["id"] as? Int) == id && $0["method"] == nil }
    }

    /// The `result` of a request that must succeed.
    func result(_ method: String, _ params: Any, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let answer = try request(method, params)
        XCTAssertNil(answer["error"], "\(method) failed: \(answer)", file: file, line: line)
        return answer["result"] ?? NSNull()
    }

    func notify(_ method: String, _ params: Any) { send(["jsonrpc": "2.0", "method": method, "params": params]) }

    func open(_ path: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": ["uri": uri(path), "languageId": "aura", "version": version, "text": text]])
    }

    func change(_ path: String, version: Int, _ changes: [[String: Any]]) {
        notify("textDocument/didChange", ["textDocument": ["uri": uri(path), "version": version], "contentChanges": changes])
    }

    func position(_ path: String, _ line: Int, _ character: Int) -> [String: Any] {
        ["textDocument": ["uri": uri(path)], "position": ["line": line, "character": character]]
    }

    /// Diagnostics published for `path` (at `version` when given), waiting for them.
    func diagnostics(_ path: String, version: Int? = nil) throws -> [[String: Any]] {
        let target = uri(path)
        let note = try waitFor("diagnostics for \(path)") { message in
            guard message["method"] as? String == "textDocument/publishDiagnostics", let params = message["params"] as? [String: Any],
                  params["uri"] as? String == target else { return false }
            return version == nil || params["version"] as? Int == version
        }
        return (note["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
    }

    /// Ends the session as a client should; returns the exit status.
    func shutdown() throws -> Int32 {
        _ = try request("shutdown", NSNull())
        notify("exit", NSNull())
        return waitForExit()
    }

    func waitForExit() -> Int32 {
        let end = Date().addingTimeInterval(Self.deadline)
        while process.isRunning && Date() < end { usleep(10_000) }
        if process.isRunning { process.terminate(); return -1 }
        return process.terminationStatus
    }

    var isRunning: Bool { process.isRunning }

    // MARK: Receiving

    /// Removes and returns the first received message matching `predicate`, waiting for it.
    func waitFor(_ what: String, _ predicate: ([String: Any]) -> Bool) throws -> [String: Any] {
        let end = Date().addingTimeInterval(Self.deadline)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let index = received.firstIndex(where: predicate) { return received.remove(at: index) }
            guard lock.wait(until: end) else { throw LSPTestFailure("no \(what) within \(Int(Self.deadline)) s") }
        }
    }

    private func readLoop(_ handle: FileHandle) {
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            buffer.append(chunk)
            while let message = Self.takeMessage(&buffer) {
                lock.lock()
                received.append(message)
                lock.broadcast()
                lock.unlock()
            }
        }
    }

    private static func takeMessage(_ buffer: inout Data) -> [String: Any]? {
        guard let separator = buffer.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let header = String(decoding: buffer[buffer.startIndex..<separator.lowerBound], as: UTF8.self)
        guard let lengthLine = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
              let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else { return nil }
        let bodyStart = separator.upperBound
        guard buffer.distance(from: bodyStart, to: buffer.endIndex) >= length else { return nil }
        let body = buffer[bodyStart..<buffer.index(bodyStart, offsetBy: length)]
        buffer = Data(buffer[buffer.index(bodyStart, offsetBy: length)...])
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? ["unparsable": String(decoding: body, as: UTF8.self)]
    }
}

struct LSPTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary project directory with files.
func temporaryProject(_ files: [String: String]) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("aura-lsp-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    for (path, text) in files {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
}

extension Dictionary where Key == String, Value == Any {
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for part in path.split(separator: ".") {
            if let index = Int(part), let list = current as? [Any] { current = index < list.count ? list[index] : nil; continue }
            current = (current as? [String: Any])?[String(part)]
        }
        return current
    }
}
