import Foundation
import Testing
import TestSupport

/// Shared by the Ecosystem* tests: the source tree, copying an example, logging stand-ins for
/// deployment tools, and the PyPI tools `.ci/run` installs into `.build-venv`.
enum Ecosystem {
    static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func source(_ relative: String) -> URL { sourceRoot.appendingPathComponent(relative) }

    /// Copies an example into `directory` with the `cp -R …` command its README gives, run as
    /// written from the source root with the repository's path for `/path/to/your/repo/`.
    static func copyExample(_ example: String, into directory: URL) throws {
        let readme = try String(contentsOf: source("examples/\(example)/README.md"), encoding: .utf8)
        guard let command = readme.split(separator: "\n").first(where: { $0.hasPrefix("cp -R ") }) else {
            throw EcosystemError("examples/\(example)/README.md has no 'cp -R …' line")
        }
        let line = command.replacingOccurrences(of: "/path/to/your/repo/", with: directory.path + "/")
        let result = try Runner.run("/bin/sh", ["-c", line], in: sourceRoot)
        guard result.status == 0 else { throw CommandFailed(command: line, result: result) }
    }

    /// Writes stand-ins for `tools` into `bin` that append `name ARGS` to `log` and succeed.
    static func standIns(_ tools: [String], in bin: URL, log: URL) throws {
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in tools {
            let url = bin.appendingPathComponent(tool)
            try "#!/bin/sh\necho \"\(tool) $*\" >> '\(log.path)'\n".write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
    }

    static func run(_ executable: String, _ arguments: [String], in directory: URL,
                    environment: [String: String] = [:], stdin: String? = nil) throws -> ProcessResult {
        try Runner.run(executable, arguments, in: directory, environment: Runner.environment(environment), stdin: stdin)
    }
}

/// PyPI tools (check-jsonschema, pre-commit, lefthook) from the virtual environment `.ci/run`
/// creates (`.build-venv`, or GIT_DEPLOY_VENV). Without it the tests that need them are skipped
/// with the command that installs them; with GIT_DEPLOY_REQUIRE_TOOLS=1 (set by `.ci/run`) they run
/// and fail when a tool is missing, so CI cannot pass by skipping them.
enum PyPITools {
    static let venv: URL = {
        if let explicit = ProcessInfo.processInfo.environment["GIT_DEPLOY_VENV"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return Ecosystem.source(".build-venv")
    }()

    static let required = ProcessInfo.processInfo.environment["GIT_DEPLOY_REQUIRE_TOOLS"] == "1"

    static let installHint = "run .ci/run, or: python3 -m venv .build-venv && .build-venv/bin/pip install check-jsonschema pre-commit lefthook"

    static func path(_ tool: String) -> String { venv.appendingPathComponent("bin/\(tool)").path }

    static func available(_ tool: String) -> Bool { FileManager.default.isExecutableFile(atPath: path(tool)) }

    /// Runs the test when the tool is there or CI requires it.
    static func enabled(_ tools: String...) -> Bool { required || tools.allSatisfy(available) }

    /// Fails with the install command when CI requires a tool that is missing.
    static func require(_ tool: String) throws -> String {
        guard available(tool) else {
            throw EcosystemError("\(tool) is not installed at \(path(tool)): \(installHint)")
        }
        return path(tool)
    }
}

struct EcosystemError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
