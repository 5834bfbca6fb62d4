import ArgumentParser
import DeployKit
import Foundation

/// One line on standard error rewritten in place (`\r`, then erase to the end of the line): the
/// monitoring window's progress. Only when standard output and error are both a terminal; in a
/// CI log the window prints plain lines instead.
enum LiveLine {
    static func forTerminal() -> (@Sendable (String?) -> Void)? {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1 else { return nil }
        return { text in
            fflush(nil)
            // The text quotes probe errors (HTTP replies, command output): escaped like every line.
            let bytes = text.map { "\r\u{1B}[K" + TerminalText.escaped($0) } ?? "\r\u{1B}[K"
            FileHandle.standardError.write(Data(bytes.utf8))
        }
    }
}

extension MonitorMode: ExpressibleByArgument {
    static let help = ArgumentHelp(
        "How the environment's monitoring window (verify.<env>.monitor) runs: foreground (wait for it; Ctrl-C stops watching), "
            + "detach (a background process; follow it with git deploy status --watch) or off.",
        valueName: "foreground|detach|off")
}
