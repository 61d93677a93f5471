import AuraJSON

/// An open buffer: the client's text (which may differ from the file on disk) and its version.
struct TextDocument: Sendable {
    let uri: String
    /// The key the compiler sees: project-relative inside the workspace, absolute outside it.
    let path: String
    private(set) var version: Int
    private(set) var bytes: [UInt8]
    private(set) var lines: LineTable

    init(uri: String, path: String, version: Int, text: String) {
        self.uri = uri
        self.path = path
        self.version = version
        bytes = Array(text.utf8)
        lines = LineTable(bytes)
    }

    func offset(_ position: JSON?, encoding: PositionEncoding) throws(RPCError) -> Int {
        guard let line = position?["line"]?.int, let character = position?["character"]?.int else {
            throw .invalidParams("a position needs `line` and `character`")
        }
        return lines.offset(line: line, character: character, in: bytes, encoding: encoding)
    }

    func position(_ offset: Int, encoding: PositionEncoding) -> JSON {
        let (line, character) = lines.position(of: offset, in: bytes, encoding: encoding)
        return ["line": .integer(Int64(line)), "character": .integer(Int64(character))]
    }

    func range(_ start: Int, _ end: Int, encoding: PositionEncoding) -> JSON {
        ["start": position(start, encoding: encoding), "end": position(end, encoding: encoding)]
    }

    /// Applies `textDocument/didChange` content changes in order: a change with a `range`
    /// replaces that range, one without replaces the whole text.
    mutating func apply(changes: [JSON], version: Int, encoding: PositionEncoding) throws(RPCError) {
        for change in changes {
            guard let text = change["text"]?.string else { throw .invalidParams("a content change needs `text`") }
            if let range = change["range"] {
                let start = try offset(range["start"], encoding: encoding)
                let end = try offset(range["end"], encoding: encoding)
                guard start <= end else { throw .invalidParams("a change's range ends before it starts") }
                bytes.replaceSubrange(start..<end, with: Array(text.utf8))
            } else {
                bytes = Array(text.utf8)
            }
            lines = LineTable(bytes)
        }
        self.version = version
    }
}
