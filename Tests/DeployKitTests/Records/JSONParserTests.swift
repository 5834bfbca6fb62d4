import Testing
@testable import DeployKit

@Suite("JSON parser", .tags(.fast))
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test("values, in key order")
    func values() throws {
        let value = try parse(#" {"b": [1, -2.5, 3e2, true, false, null], "a": {"": "x"}} "#)
        #expect(value == .object([
            ("b", .array([.int(1), .double(-2.5), .double(300), .bool(true), .bool(false), .null])),
            ("a", .object([("", .string("x"))])),
        ]))
    }

    @Test("escapes, including surrogate pairs")
    func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude80""#) == .string("a\"b\\c/d\n\té🚀"))
    }

    @Test("serialising and parsing round-trips")
    func roundTrip() throws {
        let value = JSONValue.object([("k", .string("line\nquote\" tab\t \u{01}")), ("n", .array([.int(-3), .null]))])
        #expect(try parse(value.serialized()) == value)
        #expect(try parse(value.serialized(pretty: true)) == value)
    }

    @Test("malformed input is an error, never a crash", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "\"unterminated", "01", "1.", "-", "tru", "[1] x", "\"\\ud800\"", "\"\\x\"",
        "\"a\u{01}\"", String(repeating: "[", count: 10_000),
    ])
    func malformed(text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }
}
