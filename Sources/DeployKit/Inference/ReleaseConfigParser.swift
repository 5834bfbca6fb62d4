/// Reads `.release_config` as data (DESIGN §4, deviation D4): `KEY=VALUE` lines with `#` comments,
/// an optional `export `, and single or double quotes. The seed `source`d this file; anything that
/// a shell would expand or run (`$VAR`, `$(…)`, backticks, a second word) is an error naming the line,
/// because a value that differs from what bash would have read is worse than a refusal.
public enum ReleaseConfigParser {
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The assignments in file order; a key given twice keeps the last value, as the shell would.
    public static func parse(_ text: String) throws(ParseError) -> [String: String] {
        var values: [String: String] = [:]
        // "\r\n" is one Character in Swift, so CRLF files split like LF ones.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = offset + 1
            var line = Substring(rawLine)
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.first == "#" { continue }
            if line.hasPrefix("export ") || line.hasPrefix("export\t") {
                line = line.dropFirst(7).drop(while: { $0 == " " || $0 == "\t" })
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(line: number, reason: "expected KEY=VALUE, found '\(line.prefix(60))'")
            }
            let key = String(line[..<equals])
            guard isValidKey(key) else {
                throw ParseError(line: number, reason: "'\(key.prefix(60))' is not a valid variable name (letters, digits and _; not starting with a digit)")
            }
            values[key] = try parseValue(line[line.index(after: equals)...], line: number)
        }
        return values
    }

    private static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// One shell word made of unquoted, 'single' and "double" quoted parts, then an optional comment.
    private static func parseValue(_ text: Substring, line: Int) throws(ParseError) -> String {
        var value = ""
        var index = text.startIndex
        func fail(_ reason: String) -> ParseError { ParseError(line: line, reason: reason) }
        let expansionHint = "a shell would expand it; git-deploy reads this file as data: put a literal value in 'single quotes'"

        while index < text.endIndex {
            let character = text[index]
            switch character {
            case "'":
                guard let close = text[text.index(after: index)...].firstIndex(of: "'") else {
                    throw fail("unterminated single quote")
                }
                value += text[text.index(after: index)..<close]
                index = text.index(after: close)
            case "\"":
                index = text.index(after: index)
                var closed = false
                while index < text.endIndex {
                    let inner = text[index]
                    if inner == "\"" { closed = true; index = text.index(after: index); break }
                    if inner == "$" || inner == "`" { throw fail("'\(inner)' inside double quotes: \(expansionHint)") }
                    if inner == "\\" {
                        let next = text.index(after: index)
                        if next < text.endIndex, "\"\\$`".contains(text[next]) {
                            value.append(text[next])
                            index = text.index(after: next)
                            continue
                        }
                    }
                    value.append(inner)
                    index = text.index(after: index)
                }
                if !closed { throw fail("unterminated double quote") }
            case " ", "\t":
                let rest = text[index...].drop(while: { $0 == " " || $0 == "\t" })
                if rest.isEmpty || rest.first == "#" { return value }
                throw fail("unquoted space in the value: a shell would run '\(rest.prefix(40))' as a command; quote the whole value")
            case "$", "`":
                throw fail("'\(character)' in the value: \(expansionHint)")
            case ";", "&", "|", "<", ">", "(", ")":
                throw fail("'\(character)' in the value is shell syntax; quote the value")
            case "\\":
                let next = text.index(after: index)
                guard next < text.endIndex else { throw fail("a trailing '\\' continues nothing") }
                value.append(text[next])
                index = text.index(after: next)
            default:
                value.append(character)
                index = text.index(after: index)
            }
        }
        return value
    }
}
