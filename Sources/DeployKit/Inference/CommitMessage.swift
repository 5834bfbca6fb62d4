import DeployCore

/// What a commit message says about the deployment: Conventional Commits breaking-change markers
/// and `Deploy-Options:` trailers (DESIGN §4).
public struct CommitMessage: Sendable {
    public let subject: String
    /// How the message marks a breaking change, if it does: "subject feat!:" or "footer BREAKING CHANGE".
    public let breakingChange: String?
    /// Options named by `Deploy-Options:` trailers, in the order written.
    public let deployOptions: [DeployOption]
    /// Words in `Deploy-Options:` trailers that are not known options (reported, never run).
    public let unknownDeployOptions: [String]

    public init(_ message: String) {
        // "\r\n" is one Character in Swift, so CRLF messages split like LF ones.
        let lines = message.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let subject = lines.first.map(String.init) ?? ""
        self.subject = subject

        var breaking: String? = CommitMessage.breakingSubject(subject).map { "subject \($0)" }
        var options: [DeployOption] = []
        var unknown: [String] = []
        // Footers and trailers only count after the subject's paragraph, as git interpret-trailers
        // and conventional-commits parsers read them.
        let body = lines.drop(while: { !$0.isEmpty })
        for line in body {
            if breaking == nil, line.hasPrefix("BREAKING CHANGE:") || line.hasPrefix("BREAKING-CHANGE:") {
                breaking = "footer \(line.hasPrefix("BREAKING CHANGE") ? "BREAKING CHANGE" : "BREAKING-CHANGE")"
            }
            if let value = CommitMessage.trailerValue(line, token: "deploy-options") {
                // Scalars, as Git reads bytes: Swift would join a combining mark to the blank or
                // comma before it, gluing two words into one.
                for scalars in value.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
                    let word = Substring(scalars)
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

    /// `type!:` or `type(scope)!:` → the marker as written ("feat(api)!:"), else nil.
    static func breakingSubject(_ subject: String) -> String? {
        var index = subject.startIndex
        // type: one or more letters (commitlint allows lowercase and uppercase).
        while index < subject.endIndex, subject[index].isLetter, subject[index].isASCII { index = subject.index(after: index) }
        guard index > subject.startIndex, index < subject.endIndex else { return nil }
        if subject[index] == "(" {
            guard let close = subject[index...].firstIndex(of: ")") else { return nil }
            index = subject.index(after: close)
        }
        guard subject[index...].hasPrefix("!:") else { return nil }
        return String(subject[..<subject.index(index, offsetBy: 2)])
    }

    /// The value of a `Token: value` trailer line whose token matches case-insensitively, as Git compares trailer tokens.
    static func trailerValue(_ line: Substring, token: String) -> Substring? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingTrailingSpaces()
        guard name.lowercased() == token else { return nil }
        return line[line.index(after: colon)...]
    }
}

private extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var text = self
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
