import Foundation
import Testing
import TestSupport

/// `git deploy [ENV]`, `rollback` and `verify` with real handlers: small scripts in the fixture
/// repository (DESIGN §7).
@Suite("deployment pipeline, end to end", .tags(.endToEnd))
struct PipelineEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        sandbox = try Sandbox()
        repo = try sandbox.repository()
        try repo.write([
            "deploy/record-env.sh": "#!/bin/sh\nenv | grep -E '^(DEPLOY|RELEASE)_' | sort > \"$OUT\"\necho \"handler saw $DEPLOY_ENVIRONMENT\"\n",
            "deploy/fail.sh": "#!/bin/sh\necho failing >&2\nexit 3\n",
            "deploy/slow.sh": "#!/bin/sh\nsleep 100 &\necho $! > child.pid\necho $$ > handler.pid\nsleep 100\n",
            "deploy/rollback.sh": "#!/bin/sh\necho \"$DEPLOY_ROLLBACK_TO\" > rolled-back-to.txt\necho restored > healthy.txt\n",
            "deploy/ok.sh": "#!/bin/sh\necho ok >> handler-ran.txt\n",
        ])
        for script in ["record-env", "fail", "slow", "rollback", "ok"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.directory.appendingPathComponent("deploy/\(script).sh").path)
        }
        try repo.write([".gitignore": "*.txt\n*.pid\nenv-*\n"])
        try repo.commit("chore: initial commit")
    }

    func config(_ yaml: String) throws {
        try repo.commit("chore: config", files: [".deploy.yml": yaml])
    }

    func deploy(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try GitDeployBinary.run(arguments, in: repo.directory, environment: environment)
    }

    func history(_ environment: String? = nil) throws -> [[String: Any]] {
        let result = try GitDeployBinary.run(["history"] + (environment.map { [$0] } ?? []) + ["--format", "json"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test("the handler sees every DEPLOY_* and RELEASE_* variable, hostile values intact")
    func handlerEnvironment() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/record-env.sh]\n")
        let branch = "release/$(touch${IFS}pwned)`id`'\""
        try repo.git("checkout", "-q", "-b", branch)
        let out = sandbox.url("env-out").path
        let result = try deploy(["staging", "--yes"], environment: ["OUT": out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[direct-deployment] handler saw staging"))
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        var seen: [String: String] = [:]
        for line in lines {
            if let equals = line.firstIndex(of: "=") { seen[String(line[..<equals])] = String(line[line.index(after: equals)...]) }
        }
        let keys = ["DEPLOY_ID", "DEPLOY_ENVIRONMENT", "DEPLOY_TARGET", "DEPLOY_PLATFORM", "DEPLOY_MODE", "DEPLOY_COMPLEXITY",
                    "DEPLOY_OPTIONS", "DEPLOY_COMMIT", "DEPLOY_BRANCH", "DEPLOY_TAG", "DEPLOY_SAFETY_LEVEL", "DEPLOY_PIPELINE",
                    "DEPLOY_ROLLBACK_TO", "DEPLOY_CONFIG_FILE", "DEPLOY_APP_CONFIG", "RELEASE_VERSION", "RELEASE_MANAGER", "RELEASE_MODE"]
        for key in keys { #expect(seen.keys.contains(key), "missing \(key)") }
        #expect(seen["DEPLOY_BRANCH"] == branch)
        #expect(seen["DEPLOY_ENVIRONMENT"] == "staging")
        #expect(seen["DEPLOY_TARGET"] == "direct-deployment")
        #expect(seen["DEPLOY_COMMIT"] == (try repo.head()))
        #expect(seen["DEPLOY_CONFIG_FILE"]?.hasSuffix("/.deployment_config") == true)
        #expect(!repo.exists("pwned"))
        let entries = try history("staging")
        #expect(entries.first?["status"] as? String == "succeeded")
    }

    @Test("a failing handler exits 4 and is recorded as failed")
    func failingHandler() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/fail.sh]\n")
        let result = try deploy(["staging", "--yes"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("direct-deployment"))
        #expect(try history("staging").first?["status"] as? String == "failed")
    }

    @Test("a handler that outlives timeout: 1 is killed with its children, exit 4")
    func timeout() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/slow.sh]\n    timeout: 1\n")
        let started = Date()
        let result = try deploy(["staging", "--yes"])
        #expect(result.status == 4)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.stderr.contains("timed out") || result.stderr.contains("timeout"))
        for file in ["handler.pid", "child.pid"] {
            let pid = try #require(Int32(try repo.read(file).trimmingCharacters(in: .whitespacesAndNewlines)))
            let alive = kill(pid, 0) == 0 && !isZombie(pid)
            #expect(!alive, "\(file) \(pid) still running")
        }
    }

    private func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: " ").dropFirst(2).first == "Z"
    }

    @Test("a failing backup stops a --database-migration deployment before dispatch (exit 4)")
    func backupFailure() throws {
        try config("environments:\n  staging:\n    backup: [./deploy/fail.sh]\ntargets:\n  direct-deployment:\n    run: [./deploy/ok.sh]\n")
        let result = try deploy(["staging", "--yes", "--database-migration", "--complexity", "simple"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("backup"))
        #expect(!repo.exists("handler-ran.txt"))
    }

    @Test("the promotion gate blocks prod until staging has succeeded with the commit, then passes")
    func promotionGate() throws {
        try config("environments:\n  prod:\n    require-promotion-from: staging\ntargets:\n  release-workflow:\n    run: [./deploy/ok.sh]\n  direct-deployment:\n    run: [./deploy/ok.sh]\n")
        let blocked = try deploy(["prod", "--yes"])
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("staging"))
        #expect(!repo.exists("handler-ran.txt"))
        #expect(try deploy(["staging", "--yes"]).status == 0)
        // A dispatched deployment with no probes counts as successful for promotion; prod takes
        // release tags (allowed-refs), so the promoted commit is tagged as a release.
        try repo.git("tag", "v1.0.0")
        let passed = try deploy(["prod", "--yes"])
        #expect(passed.status == 0, "\(passed.stderr)")
    }

    @Test("an active freeze blocks (exit 3); --emergency passes and is recorded")
    func freeze() throws {
        try config("environments:\n  staging:\n    freeze:\n      - {start: \"* * * * *\", end: \"0 0 1 1 *\"}\ntargets:\n  direct-deployment:\n    run: [./deploy/ok.sh]\n")
        let blocked = try deploy(["staging", "--yes"])
        #expect(blocked.status == 3, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stderr.contains("freeze"))
        #expect(!repo.exists("handler-ran.txt"))
        let emergency = try deploy(["staging", "--yes", "--emergency", "db outage"])
        #expect(emergency.status == 0, "\(emergency.stderr)")
        #expect(emergency.stdout.contains("EMERGENCY"))
        let entry = try #require(try history("staging").first)
        #expect((entry["options"] as? [String])?.contains("--emergency") == true)
    }

    @Test("a failed command probe exits 5; with auto-rollback the rollback handler gets the previous good commit")
    func autoRollback() throws {
        try config("""
            targets:
              direct-deployment:
                run: [./deploy/ok.sh]
              rollback-system:
                run: [./deploy/rollback.sh]
            verify:
              staging:
                auto-rollback: true
                probes:
                  - {name: smoke, layer: business, command: [test, -f, healthy.txt], period: 0.1, failure-threshold: 2}
            """)
        try repo.write(["healthy.txt": "yes\n"])
        let good = try repo.head()
        #expect(try deploy(["staging", "--yes"]).status == 0)
        try repo.commit("feat: broken")
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent("healthy.txt"))
        let result = try deploy(["staging", "--yes"])
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(try repo.read("rolled-back-to.txt").trimmingCharacters(in: .whitespacesAndNewlines) == good)
        // Both are recorded: the failed deployment as rolled-back, the rollback as succeeded.
        let entries = try history("staging")
        #expect(entries.contains { $0["status"] as? String == "rolled-back" && $0["mode"] as? String == "standard" })
        #expect(entries.contains { $0["status"] as? String == "succeeded" && $0["mode"] as? String == "rollback" && $0["commit"] as? String == good })
    }

    @Test("--dry-run runs nothing and records nothing")
    func dryRun() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/ok.sh]\n")
        let result = try deploy(["staging", "--yes", "--dry-run"])
        #expect(result.status == 0)
        #expect(!repo.exists("handler-ran.txt"))
        #expect(repo.exists(".deployment_config"))
        #expect(try history().isEmpty)
    }

    @Test("16 concurrent deployments all succeed, all are recorded, and .deployment_config is never torn")
    func concurrentDeployments() async throws {
        try config("targets:\n  direct-deployment:\n    run: [\"true\"]\n")
        let directory = repo.directory
        let statuses = await withTaskGroup(of: Int32.self) { group in
            for _ in 0..<16 {
                group.addTask { (try? GitDeployBinary.run(["staging", "--yes"], in: directory).status) ?? -1 }
            }
            var all: [Int32] = []
            for await status in group { all.append(status) }
            return all
        }
        #expect(statuses == Array(repeating: 0, count: 16))
        #expect(try history("staging").count == 16)
        let lines = try repo.read(".deployment_config").split(separator: "\n")
        #expect(lines.count == 29)  // with the rollback preparation, then DEPLOYMENT_STATUS … DEPLOYMENT_EMERGENCY_REASON
        #expect(lines.allSatisfy { $0.contains("='") && $0.hasSuffix("'") })
    }

    @Test("a handler that does not exist exits 4 naming it; nothing is recorded as succeeded")
    func missingHandler() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/nope.sh]\n")
        let result = try deploy(["staging", "--yes"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("./deploy/nope.sh") || result.stderr.contains("nope.sh"))
    }

    @Test("config/<env>.yml that is not a mapping is an error naming it (exit 2), nothing dispatched")
    func badAppConfig() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/ok.sh]\n")
        try repo.write(["config/base.yml": "name: app\n", "config/staging.yml": "- just\n- a list\n"])
        let result = try deploy(["staging", "--yes"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("config/staging.yml"))
        #expect(!repo.exists("handler-ran.txt"))
    }

    @Test("verify ENV runs the probes alone: tcp to a closed port fails with exit 5")
    func verifyCommand() throws {
        try config("verify:\n  staging:\n    probes:\n      - {name: db, layer: infrastructure, tcp: \"127.0.0.1:1\", timeout: 0.5, period: 0.1, failure-threshold: 1}\n      - {name: ok, command: [\"true\"]}\n")
        let result = try GitDeployBinary.run(["verify", "staging", "--format", "json"], in: repo.directory)
        #expect(result.status == 5)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let probes = report?["probes"] as? [[String: Any]] ?? []
        #expect(probes.count == 2)
    }

    @Test("rollback ENV --to REF routes to rollback-system with that commit")
    func explicitRollback() throws {
        try config("targets:\n  rollback-system:\n    run: [./deploy/rollback.sh]\n")
        let first = try repo.head()
        try repo.commit("feat: later")
        let result = try GitDeployBinary.run(["rollback", "staging", "--to", first, "--yes"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.read("rolled-back-to.txt").trimmingCharacters(in: .whitespacesAndNewlines) == first)
        let none = try GitDeployBinary.run(["rollback", "dev", "--yes"], in: repo.directory)
        #expect(none.status == 3)
        #expect(none.stderr.contains("--to"))
    }

    @Test("a high-safety deployment without a terminal and without --yes is blocked (exit 3) and says to pass --yes")
    func confirmationWithoutTerminal() throws {
        try config("targets:\n  release-workflow:\n    run: [./deploy/ok.sh]\n")
        let result = try deploy(["prod"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("--yes"))
        #expect(!repo.exists("handler-ran.txt"))
        try repo.git("tag", "v1.0.0")  // prod takes release tags (allowed-refs)
        #expect(try deploy(["prod", "--yes"]).status == 0)
        #expect(repo.exists("handler-ran.txt"))
    }

    @Test("a dirty work tree blocks prod (exit 3) and only warns for staging")
    func dirtyWorkTree() throws {
        try config("targets:\n  release-workflow:\n    run: [./deploy/ok.sh]\n  direct-deployment:\n    run: [./deploy/ok.sh]\n")
        try repo.write(["deploy/ok.sh": "#!/bin/sh\necho ok >> handler-ran.txt\n# edited\n"])
        let prod = try deploy(["prod", "--yes"])
        #expect(prod.status == 3)
        #expect(prod.stderr.contains("clean") || prod.stderr.contains("uncommitted") || prod.stderr.contains("dirty"))
        let staging = try deploy(["staging", "--yes"])
        #expect(staging.status == 0, "\(staging.stderr)")
        #expect(staging.stdout.contains("warn"))
    }

    @Test("rollback marks the deployment it replaces rolled-back")
    func rollbackMarksReplaced() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/ok.sh]\n  rollback-system:\n    run: [./deploy/rollback.sh]\n")
        let first = try repo.head()
        #expect(try deploy(["staging", "--yes"]).status == 0)
        let second = try repo.commit("feat: second")
        #expect(try deploy(["staging", "--yes"]).status == 0)
        let result = try GitDeployBinary.run(["rollback", "staging", "--yes"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.read("rolled-back-to.txt").trimmingCharacters(in: .whitespacesAndNewlines) == first)
        let entries = try history("staging")
        #expect(entries.contains { $0["commit"] as? String == second && $0["status"] as? String == "rolled-back" })
        #expect(entries.contains { $0["commit"] as? String == first && $0["mode"] as? String == "rollback" && $0["status"] as? String == "succeeded" })
    }

    @Test("Ctrl-C during the handler reaches it, and the deployment is recorded as failed")
    func interrupt() throws {
        try config("targets:\n  direct-deployment:\n    run: [./deploy/slow.sh]\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitDeployBinary.path)
        process.arguments = ["staging", "--yes"]
        process.currentDirectoryURL = repo.directory
        process.environment = Runner.environment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the handler to start, then interrupt git-deploy as a terminal's Ctrl-C would.
        let deadline = Date().addingTimeInterval(20)
        while !repo.exists("handler.pid"), Date() < deadline { usleep(50_000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 4)
        let pid = try #require(Int32(try repo.read("handler.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) != 0 || isZombie(pid))
        #expect(try history("staging").first?["status"] as? String == "failed")
    }
}
