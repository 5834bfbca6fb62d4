import Testing
@testable import DeployKit

@Suite(".release_config is parsed as data", .tags(.fast))
struct ReleaseConfigParserTests {
    @Test("assignments with comments, export, quotes and CRLF")
    func assignments() throws {
        let text = "# release in progress\r\nexport RELEASE_VERSION=1.4.0\r\nRELEASE_MANAGER='Ada Lovelace'\r\nNOTE=\"say \\\"hi\\\"\" # trailing comment\r\n\r\nEMPTY=\n"
        let values = try ReleaseConfigParser.parse(text)
        #expect(values == ["RELEASE_VERSION": "1.4.0", "RELEASE_MANAGER": "Ada Lovelace", "NOTE": "say \"hi\"", "EMPTY": ""])
    }

    @Test("a quote followed by a combining mark still opens and closes (the shell reads bytes)")
    func combiningMarkAfterQuote() throws {
        #expect(try ReleaseConfigParser.parse("X='\u{301}$(id)'\\''\u{301}'") == ["X": "\u{301}$(id)'\u{301}"])
    }

    @Test("single quotes keep $ and backticks literally")
    func singleQuotesAreLiteral() throws {
        #expect(try ReleaseConfigParser.parse("X='$(whoami) `id`'") == ["X": "$(whoami) `id`"])
    }

    @Test("anything a shell would expand or run is an error naming the line", arguments: [
        ("A=1\nB=$(touch x)\n", 2),
        ("A=`id`", 1),
        ("\n\nA=\"$HOME\"", 3),
        ("A=\"`id`\"", 1),
        ("A=1 rm -rf /", 1),
        ("A=1;id", 1),
        ("not an assignment", 1),
        ("1A=x", 1),
        ("A='unterminated", 1),
        ("A=\"unterminated", 1),
        // A combining mark joins the backtick before it into one Swift Character; the shell still sees a backtick.
        ("A=`\u{301}id`\u{301}", 1),
        ("A='x'\u{301}$(id)", 1),
    ])
    func rejected(text: String, line: Int) {
        #expect(throws: ReleaseConfigParser.ParseError.self) { try ReleaseConfigParser.parse(text) }
        do {
            _ = try ReleaseConfigParser.parse(text)
        } catch {
            #expect(error.line == line)
        }
    }
}
