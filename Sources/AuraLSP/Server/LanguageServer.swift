import AuraDiagnostics
import AuraJSON
import AuraVersion
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `aura lsp`: a Language Server Protocol 3.17 server over a pair of file descriptors (stdio).
///
/// One thread reads and frames messages; the server loop handles them in order, so every
/// request sees the document versions that came before it. Diagnostics are published after the
/// edits stop for `debounce` (a burst of keystrokes is checked once), from the same checker as
/// `aura check`, across every module of the workspace, for unsaved buffers.
public final class LanguageServer {
    /// Quiet time after an edit before diagnostics are computed.
    public static let debounce = DispatchTimeInterval.milliseconds(20)

    let writer: MessageWriter
    let queue = MessageQueue()
    private let input: Int32
    var workspace = Workspace(root: LanguageServer.currentDirectory())
    var encoding = PositionEncoding.utf16
    private var state = State.starting
    private var diagnosticsDue: DispatchTime?
    /// Paths whose diagnostics were last published non-empty: cleared when they become clean.
    var published: Set<String> = []
    /// Healer verifications of code-action candidates, by the project text they were run on.
    var verifications = VerificationMemo()

    enum State { case starting, running, shuttingDown }

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        writer = MessageWriter(descriptor: output)
    }

    /// Serves until the client sends `exit` or closes the stream. Returns the process exit status
    /// LSP asks for: 0 after `shutdown`, 1 otherwise.
    public func run() -> Int32 {
        nonisolated(unsafe) let reader = MessageReader(descriptor: input)
        let queue = self.queue
        // A thread of its own: it spends its life blocked in read(2).
        DispatchQueue(label: "aura.lsp.reader").async {
            while true {
                let message = reader.next()
                if case let .message(json) = message, json["method"]?.string == "$/cancelRequest", let id = json["params"]?["id"] {
                    queue.cancel(id.serialized)
                }
                queue.push(message)
                if case .end = message { return }
            }
        }
        while true {
            guard let message = queue.pop(until: diagnosticsDue) else {
                diagnosticsDue = nil
                publishDiagnostics()
                continue
            }
            switch message {
            case .end:
                return state == .shuttingDown ? 0 : 1
            case let .malformed(reason):
                writer.send(JSONRPC.error(id: .null, RPCError(.parseError, reason)))
            case let .message(json):
                if let status = handle(json) { return status }
            }
        }
    }

    /// Handles one message; returns an exit status when the client asked the server to exit.
    private func handle(_ message: JSON) -> Int32? {
        guard message.isObject else {
            writer.send(JSONRPC.error(id: .null, RPCError(.invalidRequest, "a message must be a JSON object")))
            return nil
        }
        guard let method = message["method"]?.string else {
            // A response to a request of ours (the server sends none), or garbage with an id.
            if message["result"] == nil && message["error"] == nil {
                writer.send(JSONRPC.error(id: message["id"] ?? .null, RPCError(.invalidRequest, "a request needs a `method` string")))
            }
            return nil
        }
        let params = message["params"] ?? .null
        guard let id = message["id"] else {
            return notification(method, params)
        }
        guard JSONRPC.isValidID(id) else {
            writer.send(JSONRPC.error(id: .null, RPCError(.invalidRequest, "a request id must be a number or a string")))
            return nil
        }
        if queue.takeCancellation(id.serialized) {
            writer.send(JSONRPC.error(id: id, RPCError(.requestCancelled, "cancelled by the client")))
            return nil
        }
        do {
            writer.send(JSONRPC.response(id: id, result: try request(method, params)))
        } catch {
            writer.send(JSONRPC.error(id: id, error))
        }
        return nil
    }

    private func request(_ method: String, _ params: JSON) throws(RPCError) -> JSON {
        switch state {
        case .starting where method != "initialize":
            throw RPCError(.serverNotInitialized, "the client must send `initialize` first")
        case .running where method == "initialize":
            throw RPCError(.invalidRequest, "`initialize` was already sent")
        case .shuttingDown:
            throw RPCError(.invalidRequest, "the server is shutting down; only `exit` is accepted")
        default:
            break
        }
        switch method {
        case "initialize": return initialize(params)
        case "shutdown":
            state = .shuttingDown
            return .null
        case "textDocument/hover": return try hover(params)
        case "textDocument/definition": return try definition(params)
        case "textDocument/references": return try references(params)
        case "textDocument/documentSymbol": return try documentSymbols(params)
        case "workspace/symbol": return workspaceSymbols(params)
        case "textDocument/completion": return try completion(params)
        case "textDocument/signatureHelp": return try signatureHelp(params)
        case "textDocument/formatting": return try formatting(params)
        case "textDocument/prepareRename": return try prepareRename(params)
        case "textDocument/rename": return try rename(params)
        case "textDocument/codeAction": return try codeActions(params)
        default: throw RPCError(.methodNotFound, "`\(method)` is not supported by aura lsp")
        }
    }

    /// Notifications never get an answer: a bad one is reported with `window/logMessage`.
    private func notification(_ method: String, _ params: JSON) -> Int32? {
        if method == "exit" { return state == .shuttingDown ? 0 : 1 }
        guard state == .running else { return nil }
        do {
            switch method {
            case "textDocument/didOpen":
                let document = params["textDocument"]
                guard let uri = document?["uri"]?.string, let text = document?["text"]?.string else {
                    throw RPCError.invalidParams("didOpen needs textDocument.uri and textDocument.text")
                }
                try workspace.open(uri: uri, version: document?["version"]?.int ?? 0, text: text)
                scheduleDiagnostics()
            case "textDocument/didChange":
                guard let uri = params["textDocument"]?["uri"]?.string, let changes = params["contentChanges"]?.array else {
                    throw RPCError.invalidParams("didChange needs textDocument.uri and contentChanges")
                }
                let version = params["textDocument"]?["version"]?.int ?? 0
                try workspace.change(uri: uri, version: version, changes: changes, encoding: encoding)
                scheduleDiagnostics()
            case "textDocument/didClose":
                guard let uri = params["textDocument"]?["uri"]?.string else { throw RPCError.invalidParams("didClose needs textDocument.uri") }
                workspace.close(uri: uri)
                scheduleDiagnostics()
            case "textDocument/didSave", "workspace/didChangeWatchedFiles":
                workspace.diskChanged()
                scheduleDiagnostics()
            default:
                // `initialized`, `$/cancelRequest` (handled by the reader), `$/setTrace`,
                // configuration changes and any notification we do not know: ignored, as the
                // spec asks for unknown notifications.
                break
            }
        } catch {
            log("\(method): \(error.message)")
        }
        return nil
    }

    private func initialize(_ params: JSON) -> JSON {
        if let root = params["workspaceFolders"]?[0]?["uri"]?.string.flatMap(FileURI.path)
            ?? params["rootUri"]?.string.flatMap(FileURI.path) ?? params["rootPath"]?.string {
            workspace = Workspace(root: root)
        }
        let offered = params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string) ?? []
        encoding = offered.contains(PositionEncoding.utf8.rawValue) ? .utf8 : .utf16
        state = .running
        return [
            "capabilities": [
                "positionEncoding": .string(encoding.rawValue),
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "documentSymbolProvider": true,
                "workspaceSymbolProvider": true,
                "completionProvider": ["triggerCharacters": [".", "_"], "resolveProvider": false],
                "signatureHelpProvider": ["triggerCharacters": ["(", ","], "retriggerCharacters": [","]],
                "documentFormattingProvider": true,
                "renameProvider": ["prepareProvider": true],
                "codeActionProvider": ["codeActionKinds": ["quickfix", .string(CodeActionKind.fixAll)], "resolveProvider": false],
            ],
            "serverInfo": ["name": "aura", "version": .string(AuraVersion.current)],
        ]
    }

    private func scheduleDiagnostics() {
        diagnosticsDue = .now() + Self.debounce
    }

    func log(_ message: String) {
        writer.send(JSONRPC.notification("window/logMessage", ["type": 2, "message": .string("aura lsp: " + message)]))
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cString: buffer)
    }
}

extension Error {
    var message: String { (self as? RPCError)?.message ?? "\(self)" }
}
