import DeployCore

/// What a commit message says about the deployment: Conventional Commits breaking-change markers
/// and `Deploy-Options:` trailers (DESIGN §4).
public struct CommitMessage: Sendable {
    private let message: String
    // In UTF-8 bytes, without the line break.
    private let subjectLength: Int

    /// The first line.
    public var subject: String { String(decoding: message.utf8.prefix(subjectLength), as: UTF8.self) }
    /// How the message marks a breaking change, if it does: "subject feat!:" or "footer BREAKING CHANGE".
    public let breakingChange: String?
    /// Options named by `Deploy-Options:` trailers, in the order written.
    public let deployOptions: [DeployOption]
    /// Words in `Deploy-Options:` trailers that are not known options (reported, never run).
    public let unknownDeployOptions: [String]

    /// Reads the message line by line on its UTF-8 bytes: the scan parses every commit it reads,
    /// and splitting into Characters (grapheme breaking) cost more than reading the commit.
    /// Lines break exactly where Characters would ("\n" and "\r\n" always stand alone as
    /// graphemes), and a line with any non-ASCII byte is read as Characters, where a combining
    /// mark after ":" or "(" changes what the line says.
    public init(_ message: String) {
        var text = message
        var fields = Fields()
        let subjectLength = text.withUTF8 { fields.read($0) }
        self.message = message
        self.subjectLength = subjectLength
        breakingChange = fields.breaking
        deployOptions = fields.options
        unknownDeployOptions = fields.unknown
    }

    /// What the lines say, gathered line by line.
    private struct Fields {
        var breaking: String?
        var options: [DeployOption] = []
        var unknown: [String] = []

        /// Reads every line of `bytes` and returns the length of the subject line.
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            var start = 0
            var subjectLength = 0
            var isSubject = true
            // Footers and trailers only count after the subject's paragraph, as git interpret-trailers
            // and conventional-commits parsers read them.
            var inBody = false
            while start <= bytes.count {
                var end = start
                var isASCII = true
                while end < bytes.count, bytes[end] != newline {
                    if bytes[end] >= 0x80 { isASCII = false }
                    end += 1
                }
                // "\r\n" is one Character; a "\r" without "\n" after it stays in the line.
                let contentEnd = end < bytes.count && end > start && bytes[end - 1] == carriageReturn ? end - 1 : end
                let line = UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])
                if isSubject {
                    isSubject = false
                    subjectLength = line.count
                    breaking = (isASCII ? CommitMessage.breakingSubject(ascii: line) : CommitMessage.breakingSubject(String(decoding: line, as: UTF8.self)))
                        .map { "subject \($0)" }
                } else if breaking == nil {
                    breaking = isASCII ? CommitMessage.breakingNote(ascii: line)
                        : CommitMessage.breakingNote(String(decoding: line, as: UTF8.self).unicodeScalars)
                }
                if line.isEmpty { inBody = true }
                if inBody {
                    if isASCII { readBody(ascii: line) } else { readBody(line: Substring(String(decoding: line, as: UTF8.self))) }
                }
                start = end + 1
            }
            return subjectLength
        }

        private mutating func readBody(ascii line: UnsafeBufferPointer<UInt8>) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            var nameEnd = colon
            while nameEnd > 0, line[nameEnd - 1] == space || line[nameEnd - 1] == tab { nameEnd -= 1 }
            guard nameEnd == token.count, zip(line[..<nameEnd], token).allSatisfy({ lowercased($0) == $1 }) else { return }
            let value = line[(colon + 1)...]
            for word in value.split(whereSeparator: { $0 == space || $0 == tab || $0 == comma }) {
                take(String(decoding: word, as: UTF8.self))
            }
        }

        private mutating func readBody(line: Substring) {
            if let value = CommitMessage.trailerValue(line, token: "deploy-options") {
                // Scalars, as Git reads bytes: Swift would join a combining mark to the blank or
                // comma before it, gluing two words into one.
                for scalars in value.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
                    take(String(Substring(scalars)))
                }
            }
        }

        private mutating func take(_ word: String) {
            if let option = DeployOption(flag: word) {
                if !options.contains(option) { options.append(option) }
            } else {
                unknown.append(word)
            }
        }

        private func lowercased(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        }
    }

    /// A breaking-change note as conventional-commits-parser reads one on any line after the
    /// header — `^[\s|*]*(BREAKING CHANGE|BREAKING-CHANGE)[:\s]+` — so a bulleted
    /// `* BREAKING CHANGE: …` of a squash merge counts; the keyword stays upper case, as the
    /// Conventional Commits specification requires. Returns "footer BREAKING CHANGE" or nil.
    static func breakingNote(ascii line: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < line.count, isNoteLead(line[index]) { index += 1 }
        for keyword in breakingKeywords {
            let end = index + keyword.utf8.count
            guard end < line.count, line[index..<end].elementsEqual(keyword.utf8) else { continue }
            return line[end] == UInt8(ascii: ":") || isJavaScriptSpace(Unicode.Scalar(line[end])) ? "footer \(keyword)" : nil
        }
        return nil
    }

    /// `breakingNote` for a line with non-ASCII bytes, on Unicode scalars as JavaScript's regular
    /// expressions read code points (a combining mark after the colon does not hide it).
    static func breakingNote(_ line: String.UnicodeScalarView) -> String? {
        let rest = line.drop { $0 == "|" || $0 == "*" || isJavaScriptSpace($0) }
        for keyword in breakingKeywords where rest.starts(with: keyword.unicodeScalars) {
            guard let next = rest.dropFirst(keyword.unicodeScalars.count).first else { return nil }
            return next == ":" || isJavaScriptSpace(next) ? "footer \(keyword)" : nil
        }
        return nil
    }

    private static let breakingKeywords = ["BREAKING CHANGE", "BREAKING-CHANGE"]

    private static func isNoteLead(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "|") || byte == UInt8(ascii: "*") || isJavaScriptSpace(Unicode.Scalar(byte))
    }

    /// JavaScript's `\s`.
    static func isJavaScriptSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0d, 0x20, 0xa0, 0x1680, 0x2000...0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff: return true
        default: return false
        }
    }

    /// `breakingSubject` for a subject of ASCII bytes, where every byte is one Character.
    static func breakingSubject(ascii subject: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < subject.count, isASCIILetter(subject[index]) { index += 1 }
        guard index > 0, index < subject.count else { return nil }
        if subject[index] == UInt8(ascii: "(") {
            guard let close = subject[index...].firstIndex(of: UInt8(ascii: ")")) else { return nil }
            index = close + 1
        }
        guard subject[index...].starts(with: "!:".utf8) else { return nil }
        return String(decoding: subject[..<(index + 2)], as: UTF8.self)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
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

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let comma = UInt8(ascii: ",")
private let token = Array("deploy-options".utf8)
