import ArgumentParser
import DeployKit
import Foundation

// The one place git-deploy writes diagnostics to standard error. Every line passes through
// `TerminalText.escaped`: messages quote ref names, commit subjects and notes written by other
// people, and none of their control characters may reach the terminal.

/// Runs a command body; a `DeployError` is printed as git prints errors and becomes its exit code (DESIGN §5).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DeployError {
        printError(error)
        throw ExitCode(error.exitCode)
    }
}

/// `error: MESSAGE` and `hint: HINT` lines.
func printError(_ error: DeployError) {
    printError("error: \(error.message)")
    if let hint = error.hint { printError("hint: \(hint)") }
}

/// Prints a warning on standard error, never on standard output (which JSON owns).
func warn(_ text: String) {
    printError("warning: \(text)")
}

/// One line on standard error, its control characters escaped.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(line) + "\n").utf8))
}

/// Text for people on standard output (not coloured), control characters escaped line by line.
func printText(_ text: String) {
    print(TerminalText.escapedLines(text), terminator: "")
}
