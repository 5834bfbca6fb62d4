/// A short, printable quote of text someone else wrote, for error messages: only the first
/// `InputLimits.excerptCharacters` characters are kept, so that an error can never reprint a whole
/// file (or whatever a symlink pointed at), and control characters are shown escaped
/// (`TerminalText`), so that the quote stays one visible line even where it is not printed on a
/// terminal (JSON, the hand-off file).
public enum Excerpt {
    public static func quote<S: StringProtocol>(_ text: S, limit: Int = InputLimits.excerptCharacters) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return TerminalText.escaped(String(text)) }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars.prefix(limit))
        return TerminalText.escaped(String(kept)) + "…"
    }
}
