import ArgumentParser
import DeployKit
import Foundation

/// Runs a command body; a `DeployError` is printed as git prints errors and becomes its exit code (DESIGN §5).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DeployError {
        var message = "error: \(error.message)\n"
        if let hint = error.hint { message += "hint: \(hint)\n" }
        FileHandle.standardError.write(Data(message.utf8))
        throw ExitCode(error.exitCode)
    }
}

/// Prints a warning on standard error, never on standard output (which JSON owns).
func warn(_ text: String) {
    FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
}
