import Foundation
import Testing
import TestSupport

/// Emergencies are accountable (issue 14, item 8): `--emergency` needs a reason, given after the
/// flag or in GIT_DEPLOY_EMERGENCY_REASON; the reason is printed, handed off, given to the handler
/// and recorded with the committer identity; history and status show it. Configuration cannot
/// make a deployment an emergency.
@Suite("policy: emergency deployments need a reason and are recorded with it, end to end", .tags(.endToEnd))
struct PolicyEmergencyEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    /// staging frozen for a century (indented for `environments:`).
    static let frozenStaging = """
          staging:
            freeze:
              - {from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"}
        """

    /// staging frozen for a century, with a handler that logs its environment outside the repository.
    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("chore: policy", files: [".deploy.yml": """
            environments:
            \(Self.frozenStaging)
            targets:
              direct-deployment:
                run: ["/bin/sh", "-c", "env | sort > '\(sandbox.path)/handler.log'"]
            """ + "\n"])
    }

    func deploy(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try GitDeployBinary.run(arguments, in: repo.directory, environment: environment)
    }

    @Test("a bare --emergency without GIT_DEPLOY_EMERGENCY_REASON is a usage error (64) that says how to give one; nothing runs",
          arguments: [["staging", "--emergency"], ["staging", "--emergency", "--yes"], ["--emergency", "--yes", "staging"],
                      ["rollback", "staging", "--emergency"], ["explain", "staging", "--emergency"], ["staging", "--emergency", "   "]])
    func reasonRequired(arguments: [String]) throws {
        let result = try deploy(arguments)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("--emergency needs a reason"), "\(result.stderr)")
        #expect(result.stderr.contains("GIT_DEPLOY_EMERGENCY_REASON"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("handler.log").path))
    }

    @Test("a reason longer than 200 characters is refused (64), from the flag and from the environment")
    func reasonBounded() throws {
        let long = String(repeating: "x", count: 201)
        let flag = try deploy(["staging", "--yes", "--emergency", long])
        #expect(flag.status == 64, "\(flag.output)")
        #expect(flag.stderr.contains("is 201 characters; at most 200"), "\(flag.stderr)")
        let variable = try deploy(["staging", "--yes", "--emergency"], environment: ["GIT_DEPLOY_EMERGENCY_REASON": long])
        #expect(variable.status == 64, "\(variable.output)")
        #expect(variable.stderr.contains("GIT_DEPLOY_EMERGENCY_REASON is 201 characters"), "\(variable.stderr)")
        #expect(try deploy(["staging", "--yes", "--emergency", String(repeating: "y", count: 200)]).status == 0)
    }

    @Test("--emergency REASON: printed, in the hand-off, in the handler's environment, recorded with the committer; history and status show it")
    func reasonTravels() throws {
        let result = try deploy(["staging", "--emergency", "db outage INC-42", "--yes"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("EMERGENCY deployment: freeze and promotion gates bypassed (recorded): db outage INC-42"), "\(result.stdout)")
        #expect(try repo.read(".deployment_config").contains("DEPLOYMENT_EMERGENCY_REASON='db outage INC-42'\n"))
        let env = try String(contentsOf: sandbox.url("handler.log"), encoding: .utf8)
        #expect(env.contains("DEPLOY_EMERGENCY_REASON=db outage INC-42\n"), "\(env)")

        let history = try deploy(["history"])
        #expect(history.stdout.contains("EMERGENCY deploy-"), "\(history.stdout)")
        #expect(history.stdout.contains("staging \(try repo.head().prefix(7)) by Test Committer <committer@example.com>: db outage INC-42"),
                "\(history.stdout)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(try deploy(["history", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["emergency_reason"] as? String == "db outage INC-42")
        #expect(entries.first?["user"] as? String == "Test Committer <committer@example.com>")

        let status = try deploy(["status"])
        #expect(status.stdout.contains("EMERGENCY deploy-"), "\(status.stdout)")
        #expect(status.stdout.contains(": db outage INC-42"), "\(status.stdout)")
        let json = try GitDeployBinary.json(try deploy(["status", "--format", "json"]))
        let staging = try #require((json["environments"] as? [[String: Any]])?.first { $0["environment"] as? String == "staging" })
        #expect(staging["current_emergency_reason"] as? String == "db outage INC-42")
        #expect((staging["current"] as? [String: Any])?["emergency_reason"] as? String == "db outage INC-42")
    }

    @Test("a bare --emergency takes GIT_DEPLOY_EMERGENCY_REASON (a CI variable); control characters in it are escaped everywhere")
    func reasonFromEnvironment() throws {
        let result = try deploy(["staging", "--emergency", "--yes"],
                                environment: ["GIT_DEPLOY_EMERGENCY_REASON": "pager\u{1B}[31m fired\nfake line"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("\u{1B}"), "\(result.output)")
        #expect(result.stdout.contains("pager\\e[31m fired\\nfake line"), "\(result.stdout)")
        let history = try deploy(["history"])
        #expect(!history.stdout.contains("\u{1B}"))
        #expect(history.stdout.contains(": pager\\e[31m fired\\nfake line\n"), "\(history.stdout)")
        #expect(try repo.read(".deployment_config").contains("DEPLOYMENT_EMERGENCY_REASON='pager\\e[31m fired\\nfake line'\n"))
    }

    @Test("git deploy record --emergency REASON records the reason of an emergency deployment done elsewhere; without one it is refused (64)")
    func recordEmergency() throws {
        #expect(try deploy(["record", "staging", "--status", "succeeded", "--emergency"]).status == 64)
        let recorded = try deploy(["record", "staging", "--status", "succeeded", "--emergency", "hotfix by hand", "--format", "json"])
        #expect(recorded.status == 0, "\(recorded.output)")
        #expect(try GitDeployBinary.json(recorded)["emergency_reason"] as? String == "hotfix by hand")
        #expect(try deploy(["history"]).stdout.contains(": hotfix by hand\n"))
    }

    @Test("git deploy rollback --emergency REASON bypasses the freeze and records the reason")
    func rollbackEmergency() throws {
        let first = try repo.head()
        #expect(try deploy(["staging", "--yes", "--emergency", "first"]).status == 0)
        try repo.commit("feat: second", files: ["src/b.txt": "b\n"])
        #expect(try deploy(["staging", "--yes", "--emergency", "second"]).status == 0)
        let blocked = try deploy(["rollback", "staging", "--yes"])
        #expect(blocked.status == 3, "\(blocked.output)")
        let rollback = try deploy(["rollback", "staging", "--yes", "--emergency", "second broke checkout"])
        #expect(rollback.status == 0, "\(rollback.output)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(try deploy(["history", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        let newest = try #require(entries.first)
        #expect(newest["commit"] as? String == first)
        #expect(newest["mode"] as? String == "rollback")
        #expect(newest["emergency_reason"] as? String == "second broke checkout")
    }

    @Test("refs[].options in .deploy.yml cannot grant --emergency: the freeze holds (exit 3) and a warning names the rule")
    func configurationCannotGrantEmergency() throws {
        try repo.git("checkout", "-q", "-b", "hotfix-now")
        try repo.commit("chore: always an emergency", files: [".deploy.yml": """
            environments:
            \(Self.frozenStaging)
            refs:
              - branch: "hotfix-*"
                environment: staging
                options: [--emergency, --multi-service]
            """ + "\n"])
        let result = try deploy(["--yes"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("blocked by freeze"), "\(result.output)")
        #expect(!result.output.contains("EMERGENCY"), "\(result.output)")
        #expect(result.stdout.contains("the ref rule hotfix-* (.deploy.yml:6) asks for --emergency, which configuration cannot give: ignored"),
                "\(result.output)")
        let explain = try GitDeployBinary.json(try deploy(["explain", "--format", "json"]))
        #expect(explain["options"] as? [String] == ["--multi-service"])
    }

    @Test("an entry written before reasons were required (--emergency, no emergency_reason) still reads, and shows as an emergency; a hostile reason in a note is cut at 200 characters")
    func oldAndHostileNotes() throws {
        let commit = try repo.head()
        let old = #"{"schema":1,"id":"deploy-old","environment":"staging","commit":"\#(commit)","options":["--emergency"],"status":"succeeded","timestamp":"2026-01-01T00:00:00.000Z","user":"Old Timer <old@example.com>"}"#
        let hostile = #"{"schema":1,"id":"deploy-hostile","environment":"dev","commit":"\#(commit)","options":[],"status":"succeeded","timestamp":"2026-01-02T00:00:00.000Z","emergency_reason":"\#(String(repeating: "z", count: 5000))"}"#
        try repo.git("notes", "--ref", "deployments", "add", "-m", "[\(old),\(hostile)]", commit)
        let history = try deploy(["history"])
        #expect(history.status == 0, "\(history.output)")
        #expect(history.stdout.contains("EMERGENCY deploy-old staging \(commit.prefix(7)) by Old Timer <old@example.com>: (no reason recorded)"), "\(history.stdout)")
        let line = try #require(history.stdout.split(separator: "\n").first { $0.contains("EMERGENCY deploy-hostile") })
        #expect(line.hasSuffix(String(repeating: "z", count: 200) + "…"), "\(line.suffix(20))")
    }
}
