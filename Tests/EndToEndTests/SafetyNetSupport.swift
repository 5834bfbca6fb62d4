import Foundation
import Testing
import TestSupport

/// A repository with scripts that log what they were given, and a `bin/` folder outside it for
/// fake platform clients (`kubectl`, `docker`), for the safety net's end-to-end tests (issue 17).
struct SafetyNetFixture {
    let sandbox: Sandbox
    let repo: TestRepository
    /// Where the scripts write their logs (outside the work tree, so it stays clean).
    let logs: URL
    /// Fake programs, first on PATH.
    let bin: URL

    init() throws {
        sandbox = try Sandbox()
        repo = try sandbox.repository()
        logs = sandbox.url("logs")
        bin = sandbox.url("bin")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try repo.write([
            // Each logs its DEPLOY_*, RELEASE_*, BACKUP_* and ROLLBACK_* variables, one file per run.
            "deploy/handler.sh": "#!/bin/sh\nenv | grep -E '^(DEPLOY|ROLLBACK|BACKUP)_' | sort > \"$LOGS/handler-$(date +%s%N).env\"\ncat \"$DEPLOY_CONFIG_FILE\" > \"$LOGS/handoff-at-dispatch\"\necho handler ran >> \"$LOGS/handler-ran\"\n",
            // A rollback restores health (the auto-rollback test's probe checks logs/healthy).
            "deploy/rollback.sh": "#!/bin/sh\nenv | grep -E '^(DEPLOY|ROLLBACK)_' | sort > \"$LOGS/rollback-${1:-run}.env\"\ntouch \"$LOGS/healthy\"\n",
            "deploy/backup.sh": "#!/bin/sh\nenv | grep -E '^(DEPLOY|BACKUP|ROLLBACK)_' | sort > \"$LOGS/backup-$BACKUP_KIND.env\"\necho \"$BACKUP_KIND\" >> \"$LOGS/backup-order\"\nprintf '%s\\n' \"/backups/$BACKUP_KIND-$DEPLOY_ID.dump\" > \"$DEPLOY_BACKUP_OUTPUT\"\n",
            "deploy/fail.sh": "#!/bin/sh\necho \"$BACKUP_KIND backup failing\" >&2\nexit 7\n",
            "deploy/ready.sh": "#!/bin/sh\nenv | grep -E '^DEPLOY_' | sort > \"$LOGS/ready.env\"\n",
        ])
        for script in ["handler", "rollback", "backup", "fail", "ready"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.directory.appendingPathComponent("deploy/\(script).sh").path)
        }
        try repo.commit("chore: initial commit")
    }

    /// A fake platform client: logs its arguments to `logs/<name>.args` and exits with `status`.
    func fakeClient(_ name: String, status: Int32) throws {
        let url = bin.appendingPathComponent(name)
        try Data("#!/bin/sh\necho \"$*\" >> \"$LOGS/\(name).args\"\necho \"\(name) says \(status == 0 ? "ok" : "cannot reach the server")\"\nexit \(status)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func config(_ yaml: String, files: [String: String] = [:]) throws {
        try repo.commit("chore: config", files: files.merging([".deploy.yml": yaml]) { new, _ in new })
    }

    /// `git-deploy ARGS` with the fake clients first on PATH (or `path` as the whole PATH).
    func run(_ arguments: [String], path: String? = nil) throws -> ProcessResult {
        let systemPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return try GitDeployBinary.run(arguments, in: repo.directory,
                                       environment: ["LOGS": logs.path, "PATH": path ?? "\(bin.path):\(systemPath)"])
    }

    func log(_ name: String) throws -> String {
        try String(contentsOf: logs.appendingPathComponent(name), encoding: .utf8)
    }

    func logExists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: logs.appendingPathComponent(name).path)
    }

    /// The variables a script logged, as a dictionary.
    func variables(_ name: String) throws -> [String: String] {
        Self.parse(try log(name))
    }

    /// The variables the (single) handler run logged.
    func handlerVariables() throws -> [String: String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: logs.path).filter { $0.hasPrefix("handler-") && $0.hasSuffix(".env") }.sorted()
        return try variables(try #require(files.last))
    }

    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// `.deployment_config` as a dictionary (values single-quoted, no quotes inside in these tests).
    func handoff() throws -> [String: String] {
        Self.parseHandoff(try repo.read(".deployment_config"))
    }

    /// `KEY='value'` lines as a dictionary.
    static func parseHandoff(_ text: String) -> [String: String] {
        parse(text).mapValues { value in
            value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2 ? String(value.dropFirst().dropLast()) : value
        }
    }

    func history(_ environment: String) throws -> [[String: Any]] {
        let result = try GitDeployBinary.run(["history", environment, "--format", "json"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    func explainJSON(_ arguments: [String]) throws -> [String: Any] {
        let result = try run(["explain"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    /// A PATH folder with only what the scripts here need, so that a platform client is missing.
    func minimalPath() throws -> String {
        let folder = sandbox.url("minimal-bin")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for tool in ["sh", "env", "grep", "sort", "date", "printf", "echo", "cat", "git"] {
            for directory in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
                try? FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(tool).path, withDestinationPath: "\(directory)/\(tool)")
                break
            }
        }
        return folder.path
    }
}
