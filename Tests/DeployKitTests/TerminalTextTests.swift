import DeployKit
import Testing

@Suite("TerminalText: control characters shown, never acted on", .tags(.fast))
struct TerminalTextTests {
    @Test("C0, DEL, C1 and bidi controls become visible escapes", arguments: [
        ("a\u{1B}[31mb", #"a\e[31mb"#), ("x\ny", #"x\ny"#), ("x\ry", #"x\ry"#), ("\t", #"\t"#),
        ("\u{07}", #"\u{7}"#), ("\u{7F}", #"\u{7f}"#), ("\u{9B}2J", #"\u{9b}2J"#), ("abc\u{202E}gnp", #"abc\u{202e}gnp"#),
        ("\u{2066}", #"\u{2066}"#), ("plain é ✓ \\e", "plain é ✓ \\e"),
    ])
    func escapes(input: String, shown: String) {
        #expect(TerminalText.escaped(input) == shown)
        #expect(TerminalText.escaped(shown) == shown, "escaping twice changes nothing")
    }

    @Test("escapedLines keeps our line breaks and escapes everything else")
    func lines() {
        #expect(TerminalText.escapedLines("a\u{1B}]8;;x\u{07}\nb\r\n") == "a\\e]8;;x\\u{7}\nb\\r\n")
    }
}
