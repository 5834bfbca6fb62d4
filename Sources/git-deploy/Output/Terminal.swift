import DeployKit
import Foundation

/// Talking to a person at a terminal, when there is one.
enum Terminal {
    /// Standard input and error are both a terminal: someone can answer a question.
    static var isInteractive: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
    }

    /// Asks on standard error and reads one line from standard input.
    static func ask(_ question: String) -> String? {
        StandardError.prompt(question)
        return readLine(strippingNewline: true)
    }
}
