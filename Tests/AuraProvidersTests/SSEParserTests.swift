import AuraProviders
import XCTest

/// The SSE parser against the WHATWG rules PROVIDERS.md lists.
final class SSEParserTests: XCTestCase {
    func parse(_ text: String, chunk: Int = .max) -> [SSEEvent] {
        var parser = SSEParser()
        let bytes = Array(text.utf8)
        var events: [SSEEvent] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            events += parser.feed(bytes[start..<end])
            start = end
        }
        return events + parser.finish()
    }

    func testEventsWithEveryLineEnding() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = "event: ping\(ending)data: {\"type\":\"ping\"}\(ending)\(ending)event: message_stop\(ending)data: {}\(ending)\(ending)"
            XCTAssertEqual(parse(text), [SSEEvent(name: "ping", data: "{\"type\":\"ping\"}"), SSEEvent(name: "message_stop", data: "{}")],
                           "line ending \(ending.debugDescription)")
        }
    }

    func testChunkBoundariesAnywhereIncludingBetweenCRAndLF() {
        let text = "event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n"
        for size in 1...7 {
            XCTAssertEqual(parse(text, chunk: size), [SSEEvent(name: "a", data: "1"), SSEEvent(name: "b", data: "2")], "chunk \(size)")
        }
    }

    func testCommentsMultiLineDataAndSpaceStripping() {
        let text = ": keep-alive\ndata:first\ndata:  second\ndata\n\n"
        XCTAssertEqual(parse(text), [SSEEvent(name: "message", data: "first\n second\n")])
    }

    func testNoDataNoDispatchAndUnknownFieldsIgnored() {
        XCTAssertEqual(parse("event: lonely\n\nretry: 10\nfoo: bar\ndata: x\n\n"), [SSEEvent(name: "message", data: "x")])
    }

    func testIncompleteEventAtEndIsDropped() {
        XCTAssertEqual(parse("event: a\ndata: 1\n\nevent: b\ndata: 2\n"), [SSEEvent(name: "a", data: "1")])
    }

    func testIdIsRemembered() {
        XCTAssertEqual(parse("id: 7\ndata: x\n\ndata: y\n\n"), [SSEEvent(name: "message", data: "x", id: "7"), SSEEvent(name: "message", data: "y", id: "7")])
    }

    func testStreamAssemblerJoinsPartialJSONAndIgnoresUnknownEvents() throws {
        var assembler = ClaudeStreamAssembler()
        let events: [SSEEvent] = [
            SSEEvent(name: "message_start", data: #"{"type":"message_start","message":{"usage":{"input_tokens":10,"output_tokens":1}}}"#),
            SSEEvent(name: "content_block_start", data: #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","input":{}}}"#),
            SSEEvent(name: "ping", data: #"{"type":"ping"}"#),
            SSEEvent(name: "something_new", data: #"{"type":"something_new"}"#),
            SSEEvent(name: "content_block_delta", data: #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"action\": \"pa"}}"#),
            SSEEvent(name: "content_block_delta", data: #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"tch\"}"}}"#),
            SSEEvent(name: "content_block_stop", data: #"{"type":"content_block_stop","index":0}"#),
            SSEEvent(name: "message_delta", data: #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":42}}"#),
            SSEEvent(name: "message_stop", data: #"{"type":"message_stop"}"#),
        ]
        for event in events { _ = assembler.take(event) }
        let answer = try assembler.answer().get()
        XCTAssertEqual(answer.input, ["action": "patch"])
        XCTAssertEqual(answer.stopReason, "tool_use")
        XCTAssertEqual(answer.usage, .init(input: 10, output: 42))
    }

    func testStreamWithoutMessageStopOrWithErrorFails() {
        var truncated = ClaudeStreamAssembler()
        _ = truncated.take(SSEEvent(name: "message_start", data: #"{"type":"message_start","message":{}}"#))
        guard case let .failure(failure) = truncated.answer() else { return XCTFail("a truncated stream must fail") }
        XCTAssertEqual(failure.kind, .stream)

        var failed = ClaudeStreamAssembler()
        XCTAssertFalse(failed.take(SSEEvent(name: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)))
        guard case let .failure(error) = failed.answer() else { return XCTFail("an error event must fail") }
        XCTAssertTrue(error.message.contains("overloaded_error: Overloaded"), error.message)
    }

    func testEmptyToolInputIsAnEmptyObject() throws {
        var assembler = ClaudeStreamAssembler()
        _ = assembler.take(SSEEvent(name: "content_block_start", data: #"{"index":0,"content_block":{"type":"tool_use","input":{}}}"#))
        _ = assembler.take(SSEEvent(name: "content_block_stop", data: #"{"index":0}"#))
        _ = assembler.take(SSEEvent(name: "message_stop", data: #"{}"#))
        XCTAssertEqual(try assembler.answer().get().input, .object([]))
    }
}
