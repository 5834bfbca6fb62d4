/// Reads `.release_config` as data (DESIGN §4, deviation D4): `KEY=VALUE` lines with `#` comments,
/// an optional `export `, and single or double quotes. The seed `source`d this file; anything that
/// a shell would expand or run (`$VAR`, `$(…)`, backticks, a second word, a `~` bash would expand to a
/// home folder) is an error naming the line, because a value that differs from what bash would have
/// read is worse than a refusal. A NUL byte (which no environment variable can hold) and bytes that
/// are not UTF-8 are refused too; other control characters are kept, as bash keeps them.
///
/// It reads Unicode scalars, as the shell reads bytes: Swift joins a combining mark to the quote,
/// `$` or backtick before it into one Character, which a Character-level reader would take for
/// plain text where the shell sees syntax.
public enum ReleaseConfigParser {
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    private typealias Scalars = ArraySlice<Unicode.Scalar>

    /// The file's bytes: UTF-8 text, else an error naming the first line that is not.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> [String: String] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
            let bad = lines.firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0
            throw ParseError(line: bad + 1, reason: "not valid UTF-8 text")
        }
        return try parse(text)
    }

    /// The assignments in file order; a key given twice keeps the last value, as the shell would.
    public static func parse(_ text: String) throws(ParseError) -> [String: String] {
        var values: [String: String] = [:]
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = Scalars(rawLine)
            // CRLF files: the CR before each LF ends the line, not the value.
            if offset < lines.count - 1, line.last == "\r" { line = line.dropLast() }
            // Values become environment variables, which cannot hold a NUL: the handler would see
            // the value cut short (and bash would not have read it as written either).
            if line.contains("\0") {
                throw ParseError(line: number, reason: "a NUL byte (\\x00) in the line: no shell variable can hold one; .release_config is text")
            }
            line = line.drop(while: isBlank)
            if line.isEmpty || line.first == "#" { continue }
            if line.starts(with: "export ".unicodeScalars) || line.starts(with: "export\t".unicodeScalars) {
                line = line.dropFirst(7).drop(while: isBlank)
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(line: number, reason: "expected KEY=VALUE, found '\(Excerpt.quote(string(line)))'")
            }
            let key = string(line[..<equals])
            guard isValidKey(key) else {
                throw ParseError(line: number, reason: "'\(Excerpt.quote(key))' is not a valid variable name (letters, digits and _; not starting with a digit)")
            }
            values[key] = try parseValue(line[line.index(after: equals)...], line: number)
        }
        return values
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }


    private static func string(_ scalars: Scalars) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// One shell word made of unquoted, 'single' and "double" quoted parts, then an optional comment.
    private static func parseValue(_ text: Scalars, line: Int) throws(ParseError) -> String {
        var value = String.UnicodeScalarView()
        var index = text.startIndex
        func fail(_ reason: String) -> ParseError { ParseError(line: line, reason: reason) }
        let expansionHint = "a shell would expand it; git-deploy reads this file as data: put a literal value in 'single quotes'"

        var previousWasUnquotedColon = false
        while index < text.endIndex {
            let scalar = text[index]
            let afterUnquotedColon = previousWasUnquotedColon
            previousWasUnquotedColon = false
            switch scalar {
            case "'":
                guard let close = text[(index + 1)...].firstIndex(of: "'") else {
                    throw fail("unterminated single quote")
                }
                value.append(contentsOf: text[(index + 1)..<close])
                index = close + 1
            case "\"":
                index += 1
                var closed = false
                while index < text.endIndex {
                    let inner = text[index]
                    if inner == "\"" { closed = true; index += 1; break }
                    if inner == "$" || inner == "`" { throw fail("'\(inner)' inside double quotes: \(expansionHint)") }
                    if inner == "\\", index + 1 < text.endIndex, "\"\\$`".unicodeScalars.contains(text[index + 1]) {
                        value.append(text[index + 1])
                        index += 2
                        continue
                    }
                    value.append(inner)
                    index += 1
                }
                if !closed { throw fail("unterminated double quote") }
            case " ", "\t":
                let rest = text[index...].drop(while: isBlank)
                if rest.isEmpty || rest.first == "#" { return String(value) }
                throw fail("unquoted space in the value: a shell would run '\(Excerpt.quote(string(rest), limit: 40))' as a command; quote the whole value")
            case "$", "`":
                throw fail("'\(scalar)' in the value: \(expansionHint)")
            // bash expands an unquoted ~ at the start of an assignment's value or after a ':' in it
            // (RELEASE_MANAGER=~root is root's home folder).
            case "~" where index == text.startIndex || afterUnquotedColon:
                throw fail("unquoted '~' in the value: \(expansionHint)")
            case ";", "&", "|", "<", ">", "(", ")":
                throw fail("'\(scalar)' in the value is shell syntax; quote the value")
            case "\\":
                guard index + 1 < text.endIndex else { throw fail("a trailing '\\' continues nothing") }
                value.append(text[index + 1])
                index += 2
            default:
                value.append(scalar)
                previousWasUnquotedColon = scalar == ":"
                index += 1
            }
        }
        return String(value)
    }
}
