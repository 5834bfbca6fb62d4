import DeployCore
import Foundation
import Testing
@testable import DeployKit

/// `CommitMessage` reads UTF-8 bytes for speed; these check that it says exactly what reading
/// the message as Characters says (the reference below is that earlier reading, kept as the spec).
@Suite("CommitMessage reads bytes exactly as it read Characters", .tags(.fast))
struct CommitMessageEquivalenceTests {
    @Test("tricky messages", arguments: [
        "", "\n", "\r\n", "\r", "feat!: x", "feat!:\u{301} x", "feat(\u{301}api)!: x", "feat(api)\u{301}!: x",
        "fe\u{301}at!: x", "feat!: x\r", "feat!: x\r\n\r\nBREAKING CHANGE: y\r\n", "x\n\nBREAKING CHANGE:\u{301} y",
        "x\n\nBREAKING-CHANGE: y", "x\n\nBREAKING CHANGE y", "x\n\nDeploy-Options:\u{301} --rollback",
        "x\n\nDEPLOY-OPTIONS \t: --rollback,--ci-cd", "x\n\nDeploy-Optïons: --rollback", "x\n\nDeploy-Options: --émergency --emergency",
        "x\r\r\n\r\nDeploy-Options: --rollback\r", "x\nDeploy-Options: --rollback", "é\n\nDeploy-Options: --pipeline, --pipeline",
        "x\n\n\u{301}BREAKING CHANGE: y", "x\n\n* BREAKING CHANGE: y", "x\n\n  - BREAKING CHANGE: y", "x\n\n|*\u{A0}BREAKING-CHANGE\u{301}",
        "x\n\n* BREAKING CHANGE\u{A0}y", "x\nBREAKING CHANGE: no blank line", "x\n\nBREAKING CHANGES: plural", "feat(a)!:", "feat(!:", "(a)!: x", "feat)!: x",
    ])
    func tricky(_ message: String) {
        expectSame(message)
    }

    @Test("random messages")
    func random() {
        let pieces = ["\n", "\r", "\r\n", "\n\n", "\u{301}", "é", ":", "(", ")", "!", "feat", "fix", "a", " ", "\t", ",",
                      "BREAKING CHANGE:", "BREAKING-CHANGE:", "* BREAKING CHANGE", "|", "\u{A0}", "Deploy-Options", "deploy-options:", "--rollback", "--ci-cd",
                      "--multi-service", "--nope", "🚀", "\u{200D}", "K"]
        var generator = SplitMix(seed: 42)
        for _ in 0..<3000 {
            let count = Int(generator.next() % 24)
            let message = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            expectSame(message)
        }
    }

    private func expectSame(_ message: String) {
        let parsed = CommitMessage(message)
        let reference = Reference(message)
        #expect(parsed.subject == reference.subject, "\(message.debugDescription)")
        #expect(parsed.breakingChange == reference.breakingChange, "\(message.debugDescription)")
        #expect(parsed.deployOptions == reference.deployOptions, "\(message.debugDescription)")
        #expect(parsed.unknownDeployOptions == reference.unknownDeployOptions, "\(message.debugDescription)")
    }
}

/// A small deterministic generator, so a failure can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The Character-based reading CommitMessage had before it read bytes.
private struct Reference {
    let subject: String
    let breakingChange: String?
    let deployOptions: [DeployOption]
    let unknownDeployOptions: [String]

    init(_ message: String) {
        let lines = message.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let subject = lines.first.map(String.init) ?? ""
        self.subject = subject
        var breaking: String? = Reference.breakingSubject(subject).map { "subject \($0)" }
        var options: [DeployOption] = []
        var unknown: [String] = []
        // conventional-commits-parser's notes pattern on every line after the header, on Unicode
        // scalars as JavaScript reads them; the keyword in upper case as the specification says.
        for line in lines.dropFirst() where breaking == nil {
            let text = String(line)
            if let match = Reference.note.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
               let keyword = Range(match.range(at: 1), in: text) {
                breaking = "footer \(text[keyword])"
            }
        }
        for line in lines.drop(while: { !$0.isEmpty }) {
            if let value = Reference.trailerValue(line, token: "deploy-options") {
                for word in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
                    if let option = DeployOption(flag: String(word)) {
                        if !options.contains(option) { options.append(option) }
                    } else {
                        unknown.append(String(word))
                    }
                }
            }
        }
        breakingChange = breaking
        deployOptions = options
        unknownDeployOptions = unknown
    }

    /// ICU reads UTF-16 as JavaScript does; the class is JavaScript's `\\s`.
    static let note = try! NSRegularExpression(
        pattern: "^[JS|*]*(BREAKING CHANGE|BREAKING-CHANGE)[:JS]".replacingOccurrences(of: "JS", with: "\\x{09}-\\x{0D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"))

    static func breakingSubject(_ subject: String) -> String? {
        var index = subject.startIndex
        while index < subject.endIndex, subject[index].isLetter, subject[index].isASCII { index = subject.index(after: index) }
        guard index > subject.startIndex, index < subject.endIndex else { return nil }
        if subject[index] == "(" {
            guard let close = subject[index...].firstIndex(of: ")") else { return nil }
            index = subject.index(after: close)
        }
        guard subject[index...].hasPrefix("!:") else { return nil }
        return String(subject[..<subject.index(index, offsetBy: 2)])
    }

    static func trailerValue(_ line: Substring, token: String) -> Substring? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        var name = line[..<colon]
        while name.last == " " || name.last == "\t" { name = name.dropLast() }
        guard name.lowercased() == token else { return nil }
        return line[line.index(after: colon)...]
    }
}
