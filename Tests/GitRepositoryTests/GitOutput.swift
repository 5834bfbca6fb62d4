import Foundation
import TestSupport
import GitRepository

/// Runs git in `directory` with the shared clean environment plus `environment`, and returns
/// its standard output as bytes: object contents are not text, and `Runner` decodes UTF-8.
@discardableResult
func gitData(_ arguments: [String], in directory: String, stdin: Data? = nil,
             environment: [String: String] = [:]) throws -> Data {
    let result = try Runner.runData(TestRepository.gitExecutable, arguments, in: URL(fileURLWithPath: directory),
                                    environment: Runner.environment(environment), stdin: stdin)
    guard result.status == 0 else {
        throw TestRepo.Failure("git \(arguments.joined(separator: " ")) exited \(result.status): "
            + String(decoding: result.stderr, as: UTF8.self))
    }
    return result.stdout
}

/// The trimmed text output of git in `directory`, with extra environment (dates for a commit).
@discardableResult
func gitText(_ arguments: [String], in directory: String, stdin: Data? = nil,
             environment: [String: String] = [:]) throws -> String {
    String(decoding: try gitData(arguments, in: directory, stdin: stdin, environment: environment), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

