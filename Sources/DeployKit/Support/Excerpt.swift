/// A short, printable quote of text someone else wrote, for error messages: control characters
/// (which could rewrite the terminal or hide the rest of the line) are shown escaped, and only
/// the first `InputLimits.excerptCharacters` characters are kept, so that an error can never
/// reprint a whole file (or whatever a symlink pointed at).
public enum Excerpt {
    public static func quote<S: StringProtocol>(_ text: S, limit: Int = InputLimits.excerptCharacters) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { return result + "…" }
            count += 1
            switch scalar {
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) {
                    result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
