/// POSIX shell quoting: the one place that makes a value safe for `source` and for display.
public enum ShellQuoting {
    /// `'value'`, with each `'` written as `'\''`: a POSIX shell reads it back byte for byte and
    /// expands nothing inside (no `$`, backtick or backslash processing in single quotes).
    public static func singleQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
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
