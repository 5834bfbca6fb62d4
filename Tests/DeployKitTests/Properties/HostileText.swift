import PropertyBased

/// A generator whose shrinking type is erased, so generators can be stored and passed around.
typealias AnyGenerator<Value> = Generator<Value, AnySequence<Any>>

/// Text a ref name, commit message or config value may hold, weighted toward what breaks parsers
/// and shells: quotes, `$`, backticks, backslashes, line breaks, control characters, combining
/// marks (which Swift joins to the character before them, a quote included) and astral scalars.
enum HostileText {
    /// Whole fragments a shell would act on if they escaped their quotes.
    static let snippets = [
        "'", "''", "'\\''", "\"", "\\", "\\'", "$", "$(", "$(touch pwned)", "`touch pwned`", "`", "${IFS}",
        "$HOME", "'$(touch pwned)'", "';touch pwned;'", "\n", "\r\n", "\t", " ", "#", ";", "|", "&", "*", "!!", "~",
        "'\u{301}", "`\u{301}", "$\u{301}", "\u{301}", "\u{200D}", "é", "e\u{301}", "🚀", "👩‍💻", "\u{FEFF}",
    ]

    /// One Unicode scalar from a mix of ranges; never NUL, which no ref, file or variable holds.
    static let character: AnyGenerator<Character> = Gen<Character>.frequency(
        (6, Gen.character(in: " "..."~")),
        (1, Gen.character(in: "\u{01}"..."\u{1F}")),
        (1, Gen.character(in: "\u{7F}"..."\u{FF}")),
        (1, Gen.character(in: "\u{300}"..."\u{36F}")),
        (1, Gen.character(in: "\u{370}"..."\u{D7FF}")),
        (1, Gen.character(in: "\u{E000}"..."\u{FFFD}")),
        (1, Gen.character(in: "\u{1F300}"..."\u{1FAFF}")),
        (1, Gen.character(in: "\u{10000}"..."\u{10FFFF}"))
    ).eraseToAny()

    /// A string of 0–`maximum` fragments, each a random character or a hostile snippet.
    static func string(fragments maximum: Int = 16) -> AnyGenerator<String> {
        Gen<String>.frequency(
            (3, character.map { String($0) }),
            (1, Gen.int(in: 0...(snippets.count - 1)).map { snippets[$0] })
        ).array(of: 0...maximum).map { $0.joined() }.eraseToAny()
    }
}

/// One of `values`, shrinking toward the first.
func pick<Value: Sendable>(_ values: [Value]) -> AnyGenerator<Value> {
    Gen.int(in: 0...(values.count - 1)).map { values[$0] }.eraseToAny()
}

extension String {
    /// The string without any `\n` or `\r` scalar: one line of a file.
    var withoutLineBreaks: String { removingScalars("\n\r") }

    /// The string without any of the scalars in `unwanted`.
    func removingScalars(_ unwanted: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: unicodeScalars.filter { !unwanted.unicodeScalars.contains($0) })
        return String(scalars)
    }

    /// Lines as the line-based parsers count them: split at every `\n` scalar.
    var lineCount: Int {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).count
    }
}
