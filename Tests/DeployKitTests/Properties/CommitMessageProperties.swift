import DeployCore
import PropertyBased
import Testing
@testable import DeployKit

@Suite("properties: Deploy-Options trailers", .tags(.fast))
struct CommitMessageProperties {
    /// A word of a trailer: a known option in one of its spellings, or junk that names none.
    enum Word: Sendable, CustomStringConvertible {
        case option(DeployOption, spelled: String)
        case junk(String)

        var description: String {
            switch self {
            case .option(_, let spelled): spelled
            case .junk(let text): text
            }
        }
    }

    static let option: AnyGenerator<Word> = zip(pick(DeployOption.allCases), Gen.bool).map { option, dashed -> Word in
        let bare = option == .pipeline && dashed ? "ci-cd" : String(option.rawValue.dropFirst(2))
        return .option(option, spelled: dashed ? "--" + bare : bare)
    }.eraseToAny()

    /// Junk: any text without the separators (blank, tab, comma) or line breaks, that names no option.
    static let junk: AnyGenerator<Word> = HostileText.string(fragments: 6)
        .map { $0.removingScalars(" \t,\n\r") }
        .filter { !$0.isEmpty && DeployOption(flag: $0) == nil }
        .map { Word.junk($0) }.eraseToAny()

    static let word: AnyGenerator<Word> = Gen<Word>.frequency((2, option), (1, junk)).eraseToAny()
    static let separator: AnyGenerator<String> = pick([" ", ", ", ",", "\t", "  ", " ,", ","])
    static let token: AnyGenerator<String> = pick(["Deploy-Options", "deploy-options", "DEPLOY-OPTIONS", "Deploy-Options ", "deploy-Options\t"])
    static let paragraph: AnyGenerator<String> = HostileText.string().map { text in
        // No blank line (it would end the paragraph) and no line of its own that is a trailer.
        text.unicodeScalars.split(separator: "\n").map { String(Substring($0)) }
            .filter { !$0.unicodeScalars.contains(":") && !$0.allSatisfy(\.isWhitespace) }.joined(separator: "\n")
    }.eraseToAny()

    @Test("a trailer paragraph yields the known options in order, once each, and reports every unknown word (300 messages)")
    func trailers() async {
        let input = zip(Self.paragraph.map(\.withoutLineBreaks), Self.paragraph, Self.token,
                        zip(Self.word, Self.separator).array(of: 0...10))
        await propertyCheck(count: 300, input: input) { subject, body, token, words in
            let value = words.map { word, separator in word.description + separator }.joined()
            let message = subject + "\n\n" + (body.isEmpty ? "" : body + "\n\n") + token + ": " + value + "\n"
            let parsed = CommitMessage(message)

            var expected: [DeployOption] = []
            for case .option(let option, _) in words.map(\.0) where !expected.contains(option) { expected.append(option) }
            let unknown = words.compactMap { word, _ -> String? in
                if case .junk(let text) = word { return text } else { return nil }
            }
            #expect(parsed.deployOptions == expected)
            #expect(parsed.unknownDeployOptions.map { Array($0.unicodeScalars) } == unknown.map { Array($0.unicodeScalars) })
        }
    }

    @Test("any message parses without crashing, options unique, unknown words free of separators (400 messages)")
    func anyText() async {
        let trailer = zip(Self.token, zip(Self.word, Self.separator).array(of: 0...6))
            .map { token, words in token + ":" + words.map { $0.description + $1 }.joined() }
        let line = Gen<String>.frequency((3, HostileText.string(fragments: 24)), (1, trailer), (1, Gen.always("")))
        await propertyCheck(count: 400, input: line.array(of: 0...8).map { $0.joined(separator: "\n") }) { message in
            let parsed = CommitMessage(message)
            #expect(Set(parsed.deployOptions).count == parsed.deployOptions.count)
            for word in parsed.unknownDeployOptions {
                #expect(!word.isEmpty && !word.unicodeScalars.contains { $0 == " " || $0 == "\t" || $0 == "," })
                #expect(DeployOption(flag: word) == nil)
            }
            #expect(!parsed.subject.contains("\n"))
        }
    }
}
