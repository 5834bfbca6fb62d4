import DeployKit
import Foundation

/// The one place git-deploy writes diagnostics (DESIGN §9 "one diagnostics sink"). Every line
/// passes through `TerminalText.escaped`: messages quote ref names, commit subjects and notes
/// written by other people, and none of their control characters may reach the terminal.
enum StandardError {
    /// The sink for a command. `progressOnStandardOutput`: a text run shows its progress with its
    /// report on standard output; with `--format json` standard output holds only the JSON, and
    /// progress joins the other diagnostics here.
    static func diagnostics(progressOnStandardOutput: Bool = false) -> Diagnostics {
        let style = progressOnStandardOutput ? Style.forStandardOutput : Style(colour: false)
        return Diagnostics { diagnostic in
            let text = diagnostic.message
            switch diagnostic.kind {
            case .error: write("error: \(text)")
            case .hint: write("hint: \(text)")
            case .warning: write("warning: \(text)")
            case .note: write(text)
            case .progress(let stage, let problem):
                let label = "[\(stage.rawValue)]"
                let line = (problem ? style.yellow(label) : style.dim(label)) + " " + TerminalText.escaped(text)
                if progressOnStandardOutput {
                    print(line)
                    // Standard output is block-buffered in a CI log or pipe: a line such as
                    // "waiting for prod: held by …" must show while the run waits, not when it ends.
                    fflush(nil)
                } else {
                    write(line, escaping: false)
                }
            }
        }
    }

    /// Text written as is, without a line break (the confirmation question).
    static func prompt(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.escaped(text).utf8))
    }

    private static func write(_ line: String, escaping: Bool = true) {
        FileHandle.standardError.write(Data(((escaping ? TerminalText.escaped(line) : line) + "\n").utf8))
    }
}

/// Text for people on standard output (not coloured), control characters escaped line by line.
func printText(_ text: String) {
    print(TerminalText.escapedLines(text), terminator: "")
}
