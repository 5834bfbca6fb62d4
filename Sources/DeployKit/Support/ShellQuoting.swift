/// POSIX shell quoting: the one place that makes a value safe for `source` and for display.
public enum ShellQuoting {
    /// `'value'`, with each `'` written as `'\''`: a POSIX shell reads it back byte for byte and
    /// expands nothing inside (no `$`, backtick or backslash processing in single quotes).
    ///
    /// Works on Unicode scalars, as the shell works on bytes: Swift joins a combining mark to the
    /// `'` before it into one Character that `replacingOccurrences(of: "'")` does not see, which
    /// left that quote unescaped and let `'\u{301}$(cmd)` run `cmd` when the file was sourced.
    public static func singleQuoted(_ value: String) -> String {
        var quoted = String.UnicodeScalarView()
        quoted.append("'")
        for scalar in value.unicodeScalars {
            if scalar == "'" {
                quoted.append(contentsOf: "'\\''".unicodeScalars)
            } else {
                quoted.append(scalar)
            }
        }
        quoted.append("'")
        return String(quoted)
    }

    /// An argv for people to read: words that need no quoting stay bare.
    public static func displayArgv(_ argv: [String]) -> String {
        argv.map { word in
            let safe = !word.isEmpty && word.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:,@%+".unicodeScalars.contains($0))
            }
            return safe ? word : singleQuoted(word)
        }.joined(separator: " ")
    }
}
