import AuraHeal
import Foundation
import AuraJSON

/// Scripted answers from a JSON file (`aura.replay.file`): deterministic demos and tests, with the
/// same checks as a live model (the patch goes through `ModelCandidates`).
///
/// ```json
/// {"answers": [
///   {"code": "T0001", "path": "src/calc.aura", "message": "add adds",
///    "fix": {"action": "patch", "explanation": "use +", "confidence": 0.9,
///            "edits": [{"file": "src/calc.aura", "line": 1, "old_text": "a - b", "new_text": "a + b"}]}}
/// ]}
/// ```
/// An answer applies to every diagnostic with its `code`, and — when given — its `path` and a
/// message containing `message`. The first matching answer wins.
public struct ReplayProvider: HealProvider {
    public struct Answer: Sendable {
        public var code: String
        public var path: String?
        public var message: String?
        /// The `propose_fix` arguments, exactly as a model would send them.
        public var fix: JSON
        public var usage: TokenUsage?
    }

    public let name = "replay"
    public let answers: [Answer]

    public init(answers: [Answer]) { self.answers = answers }

    /// Reads the file at `path` (absolute, or relative to `root`).
    public init(file path: String, root: String) throws {
        let absolute = path.hasPrefix("/") ? path : root + "/" + path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ProviderSetupError.replayFile(path: path, reason: "no such file")
        }
        try self.init(json: [UInt8](data), path: path)
    }

    public init(json bytes: [UInt8], path: String = "replay") throws {
        let json: JSON
        do { json = try JSONParser.parse(bytes) } catch { throw ProviderSetupError.replayFile(path: path, reason: "\(error)") }
        guard let items = json["answers"]?.array else {
            throw ProviderSetupError.replayFile(path: path, reason: "expected an object with an `answers` array")
        }
        var answers: [Answer] = []
        for (index, item) in items.enumerated() {
            guard let code = item["code"]?.string, let fix = item["fix"] else {
                throw ProviderSetupError.replayFile(path: path, reason: "answer \(index + 1) needs `code` and `fix`")
            }
            let usage = item["usage"].map { TokenUsage(input: $0["input_tokens"]?.int ?? 0, output: $0["output_tokens"]?.int ?? 0) }
            answers.append(Answer(code: code, path: item["path"]?.string, message: item["message"]?.string, fix: fix, usage: usage))
        }
        self.answers = answers
    }

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        HealTarget.targets(of: request, limit: .max).compactMap { target in
            guard let answer = answers.first(where: { matches($0, target) }) else { return nil }
            return ModelCandidates.candidate(for: target, answer: .success(ModelAnswer(input: answer.fix, stopReason: "tool_use", usage: answer.usage)),
                                             provider: name, files: request.files)
        }
    }

    func matches(_ answer: Answer, _ target: HealTarget) -> Bool {
        answer.code == target.diagnostic.code.rawValue && (answer.path.map { $0 == target.path } ?? true)
            && (answer.message.map { target.diagnostic.message.contains($0) } ?? true)
    }
}
