import AuraJSON
/// The `propose_fix` answer every model provider asks for (PROVIDERS.md), and its reader.
public enum FixSchema {
    /// The tool / response-format name.
    public static let name = "propose_fix"

    /// The strict JSON schema of the answer.
    public static let schema: JSON = [
        "type": "object", "additionalProperties": false,
        "properties": [
            "action": ["type": "string", "enum": ["patch", "suggest", "escalate"]],
            "edits": ["type": "array", "items": [
                "type": "object", "additionalProperties": false,
                "properties": [
                    "file": ["type": "string"], "line": ["type": "integer"],
                    "old_text": ["type": "string"], "new_text": ["type": "string"],
                ],
                "required": ["file", "line", "old_text", "new_text"],
            ]],
            "explanation": ["type": "string"], "confidence": ["type": "number"],
        ],
        "required": ["action", "edits", "explanation", "confidence"],
    ]

    /// What the model proposed, read from the tool input.
    public struct Proposal: Sendable, Equatable {
        public enum Action: String, Sendable { case patch, suggest, escalate }
        public struct Edit: Sendable, Equatable {
            public var file: String
            /// 1-based line where `oldText` starts.
            public var line: Int
            public var oldText: String
            public var newText: String

            public init(file: String, line: Int, oldText: String, newText: String) {
                self.file = file
                self.line = line
                self.oldText = oldText
                self.newText = newText
            }
        }

        public var action: Action
        public var edits: [Edit]
        public var explanation: String
        /// Clamped to 0...1.
        public var confidence: Double
    }

    /// Reads a proposal, or says which part of the schema the answer breaks. Unknown members are
    /// ignored (lenient decoding); missing or mistyped required ones are not.
    public static func proposal(from input: JSON) throws(SchemaViolation) -> Proposal {
        guard input.isObject else { throw SchemaViolation("the answer is not a JSON object") }
        guard let actionText = input["action"]?.string else { throw SchemaViolation("missing or non-string `action`") }
        guard let action = Proposal.Action(rawValue: actionText) else {
            throw SchemaViolation("`action` is `\(actionText)`, not patch, suggest or escalate")
        }
        guard let items = input["edits"]?.array else { throw SchemaViolation("missing or non-array `edits`") }
        guard let explanation = input["explanation"]?.string else { throw SchemaViolation("missing or non-string `explanation`") }
        guard let confidence = input["confidence"]?.number, confidence.isFinite else {
            throw SchemaViolation("missing or non-numeric `confidence`")
        }
        var edits: [Proposal.Edit] = []
        for (index, item) in items.enumerated() {
            guard item.isObject else { throw SchemaViolation("edit \(index + 1) is not an object") }
            guard let file = item["file"]?.string else { throw SchemaViolation("edit \(index + 1): missing or non-string `file`") }
            guard let line = item["line"]?.int else { throw SchemaViolation("edit \(index + 1): missing or non-integer `line`") }
            guard let old = item["old_text"]?.string else { throw SchemaViolation("edit \(index + 1): missing or non-string `old_text`") }
            guard let new = item["new_text"]?.string else { throw SchemaViolation("edit \(index + 1): missing or non-string `new_text`") }
            edits.append(Proposal.Edit(file: file, line: line, oldText: old, newText: new))
        }
        return Proposal(action: action, edits: edits, explanation: explanation, confidence: min(1, max(0, confidence)))
    }

    /// An answer that does not follow the schema.
    public struct SchemaViolation: Error, Equatable, CustomStringConvertible {
        public let detail: String
        init(_ detail: String) { self.detail = detail }
        public var description: String { "the answer does not follow the propose_fix schema: \(detail)" }
    }
}
