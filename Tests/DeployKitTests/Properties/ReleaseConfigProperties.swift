import PropertyBased
import Testing
@testable import DeployKit

@Suite("properties: .release_config is read as data", .tags(.fast))
struct ReleaseConfigProperties {
    static let key: AnyGenerator<String> = zip(pick(Array("ABMRVZ_amz")), pick(Array("AEMRVZ_aez059")).array(of: 0...12))
        .map { first, rest in String(first) + String(rest) }.eraseToAny()
    static let value: AnyGenerator<String> = HostileText.string().map(\.withoutLineBreaks).eraseToAny()
    static let assignment: AnyGenerator<String> = zip(key, value, Gen.bool)
        .map { key, value, export in (export ? "export " : "") + key + "=" + ShellQuoting.singleQuoted(value) }.eraseToAny()

    @Test("single-quoted values of any text parse back to the same dictionary (200 files)")
    func roundTrip() async {
        let input = zip(zip(Self.key, Self.value, Gen.bool).array(of: 0...10), Gen.bool)
        await propertyCheck(count: 200, input: input) { entries, crlf in
            let text = entries.map { key, value, export in (export ? "export " : "") + key + "=" + ShellQuoting.singleQuoted(value) }
                .joined(separator: crlf ? "\r\n" : "\n") + "\n"
            var expected: [String: String] = [:]
            for (key, value, _) in entries { expected[key] = value }
            do throws(ReleaseConfigParser.ParseError) {
                #expect(try ReleaseConfigParser.parse(text) == expected)
            } catch {
                Issue.record("\(error) in \(text.debugDescription)")
            }
        }
    }

    @Test("any text either parses or fails on one of its own lines (400 texts)")
    func neverCrashes() async {
        let line = Gen<String>.frequency(
            (2, Self.assignment),
            (2, zip(Self.key, HostileText.string()).map { $0 + "=" + $1 }),
            (1, HostileText.string(fragments: 40))
        )
        let input = line.array(of: 0...8).map { $0.joined(separator: "\n") }
        await propertyCheck(count: 400, input: input) { text in
            do throws(ReleaseConfigParser.ParseError) {
                _ = try ReleaseConfigParser.parse(text)
            } catch {
                #expect((1...text.lineCount).contains(error.line), "\(error)")
            }
        }
    }

    /// A value that a shell would leave alone up to the point where it is spliced in.
    static let quietPrefix: AnyGenerator<String> = Gen<String>.frequency(
        (2, Self.value.map(ShellQuoting.singleQuoted)),
        (2, pick(Array("abcXYZ019._-/:@%+,=")).array(of: 0...6).map { String($0) }),
        (1, pick(Array("abc019._-/ ")).array(of: 0...6).map { "\"" + String($0) + "\"" })
    ).array(of: 0...3).map { $0.joined() }.eraseToAny()

    @Test("an unquoted $( or backtick, or one inside double quotes, is an error on its line (300 files)")
    func expansionsThrow() async {
        let bad = zip(Self.key, Self.quietPrefix, pick(["$(", "`", "\"$(", "\"`", "$", "\"$"]), Self.value)
            .map { key, prefix, trigger, rest in key + "=" + prefix + trigger + rest }
        let input = zip(Self.assignment.array(of: 0...4), bad, Self.assignment.array(of: 0...4))
        await propertyCheck(count: 300, input: input) { before, badLine, after in
            let text = (before + [badLine] + after).joined(separator: "\n")
            do throws(ReleaseConfigParser.ParseError) {
                let values = try ReleaseConfigParser.parse(text)
                Issue.record("\(badLine.debugDescription) parsed as \(values)")
            } catch {
                #expect(error.line == before.count + 1, "\(error)")
            }
        }
    }
}
