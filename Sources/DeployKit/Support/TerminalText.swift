/// Text from other people (commit subjects, ref names, notes fetched from a remote, files in the
/// repository) made safe to print on a terminal: every character that a terminal acts on instead
/// of showing is written as a visible escape, so that no commit or note can recolour the screen,
/// plant a hyperlink (OSC 8), move the cursor, retitle the window, rewrite a line with `\r`, or
/// fake a line of output with `\n`.
///
/// Escaped: the C0 controls (`\n`, `\r`, `\t`, `\e` for ESC, `\u{07}` for the others), DEL, the
/// C1 controls U+0080–U+009F (U+009B is a one-character CSI on many terminals), and the Unicode
/// bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder
/// what is shown ("Trojan Source"). A backslash is left as it is, so escaping twice changes
/// nothing; JSON output is escaped by its own rules (`JSONValue`).
public enum TerminalText {
    /// `text` with every control character written as a visible escape; one line, always.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                output.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{1B}": output += "\\e"
            default: output += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return output
    }

    /// `escaped`, line by line: the line breaks of text we composed stay, everything else is escaped.
    public static func escapedLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" }) else { return text }
        // Split on scalars: as Characters, "\r\n" is one and would not split at its "\n".
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { escaped(String(String.UnicodeScalarView($0))) }.joined(separator: "\n")
    }

    /// Whether a terminal would act on the scalar rather than show it.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
