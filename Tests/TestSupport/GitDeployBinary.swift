import Foundation

/// The built `git-deploy` executable, found next to the test bundle (SwiftPM builds it first because
/// the end-to-end tests depend on it), or at GIT_DEPLOY_BINARY.
public enum GitDeployBinary {
    public static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["GIT_DEPLOY_BINARY"], !explicit.isEmpty {
            return explicit
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("git-deploy").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        for bundle in Bundle.allBundles {
            let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("git-deploy").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "git-deploy"
    }()

    /// Runs `git-deploy ARGS` in `directory` with the clean test environment plus `environment`.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                           stdin: String? = nil) throws -> ProcessResult {
        try Runner.run(path, arguments, in: directory, environment: Runner.environment(environment), stdin: stdin)
    }

    /// Parses standard output as a JSON object.
    public static func json(_ result: ProcessResult) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw CommandFailed(command: "parse JSON", result: result)
        }
        return object
    }
}

extension GitDeployBinary {
    /// PATH with the built binary's folder first, as an installed git-deploy would be found by hooks.
    public static var pathWithBinary: String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    /// The environment for git commands whose hooks run git-deploy.
    public static var hookEnvironment: [String: String] { ["PATH": pathWithBinary] }
}
