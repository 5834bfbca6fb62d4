import Foundation
import Testing
import TestSupport

/// Gate `readiness` (issue 17 item 1): platform, environment and integration readiness run after
/// the gates and before the hand-off, backups and handler; a failure blocks with exit 3.
@Suite("safety net: readiness before dispatch, end to end", .tags(.endToEnd))
struct SafetyReadinessEndToEndTests {
    let fixture: SafetyNetFixture

    init() throws {
        fixture = try SafetyNetFixture()
    }

    static let k8sHandler = "targets:\n  direct-deployment:\n    run: [./deploy/handler.sh]\n  infra-orchestrator:\n    run: [./deploy/handler.sh]\n"

    @Test("a k8s deployment asks kubectl first: unreachable blocks (exit 3, nothing run, a blocked hand-off, --dry-run too); reachable passes and is recorded")
    func kubernetesPlatformCheck() throws {
        try fixture.config(Self.k8sHandler, files: ["k8s/deployment.yaml": "kind: Deployment\n"])
        try fixture.fakeClient("kubectl", status: 1)
        let blocked = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(blocked.status == 3, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stderr.contains("blocked by readiness: platform check platform-k8s"))
        #expect(blocked.stderr.contains("kubectl says cannot reach the server"))
        #expect(blocked.stdout.contains("[readiness] failed: platform/platform-k8s"))
        #expect(try fixture.log("kubectl.args") == "version --request-timeout=5s\n")
        #expect(!fixture.logExists("handler-ran"))
        // The hand-off says the deployment is blocked, so no one mistakes it for a go (issue 14 item 7).
        let handoff = try fixture.handoff()
        #expect(handoff["DEPLOYMENT_STATUS"] == "blocked")
        #expect(handoff["DEPLOYMENT_BLOCKED_BY"] == "readiness")
        #expect(try fixture.history("staging").isEmpty)
        // A dry run asks the same questions, so that it says whether a real run would go.
        let dry = try fixture.run(["staging", "--yes", "--dry-run", "--complexity", "simple"])
        #expect(dry.status == 3, "\(dry.stdout)\(dry.stderr)")

        try fixture.fakeClient("kubectl", status: 0)
        let passed = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("[readiness] passed: platform/platform-k8s"))
        #expect(try fixture.log("handler-ran") == "handler ran\n")
        let gates = try #require(try fixture.history("staging").first?["gates"] as? [[String: Any]])
        #expect(gates.contains { $0["gate"] as? String == "readiness" && $0["status"] as? String == "pass" })
    }

    @Test("docker's default check is docker info; a missing docker is a readiness failure naming it")
    func missingPlatformClient() throws {
        try fixture.config(Self.k8sHandler, files: ["Dockerfile": "FROM scratch\n"])
        let result = try fixture.run(["staging", "--yes", "--complexity", "simple"], path: try fixture.minimalPath())
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("'docker' is not installed (not found in PATH)"))
        #expect(result.stderr.contains("readiness.platform"))
        #expect(!fixture.logExists("handler-ran"))
        try fixture.fakeClient("docker", status: 0)
        #expect(try fixture.run(["staging", "--yes", "--complexity", "simple"]).status == 0)
        #expect(try fixture.log("docker.args") == "info\n")
    }

    @Test("readiness probes: 503 blocks, 200 passes; readiness.platform overrides the default and sees DEPLOY_*; readiness: false skips everything")
    func probesAndOverrides() throws {
        let down = try HostileHTTPServer(reply: Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndown".utf8))
        let up = try HostileHTTPServer(reply: Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nready".utf8))
        func yaml(_ readiness: String) -> String {
            "environments:\n  staging:\n    readiness:\n\(readiness)" + Self.k8sHandler
        }
        let files = ["k8s/deployment.yaml": "kind: Deployment\n"]
        try fixture.fakeClient("kubectl", status: 1)
        try fixture.config(yaml("      platform: [./deploy/ready.sh]\n      probes:\n        - {name: api, http: {url: \"\(down.url)\", body-contains: ready}, period: 0.05, failure-threshold: 2}\n"), files: files)
        let blocked = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(blocked.status == 3, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stderr.contains("environment check api: expected status 200, got 503"))
        #expect(!fixture.logExists("kubectl.args"), "the configured platform check replaces kubectl")
        #expect(try fixture.variables("ready.env")["DEPLOY_ENVIRONMENT"] == "staging")
        #expect(!fixture.logExists("handler-ran"))

        try fixture.config(yaml("      platform: [./deploy/ready.sh]\n      probes:\n        - {name: api, http: {url: \"\(up.url)\", body-contains: ready}, period: 0.05}\n"), files: files)
        let passed = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("[readiness] passed: environment/api"))

        try fixture.config("environments:\n  staging:\n    readiness: false\n" + Self.k8sHandler, files: files)
        let off = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(off.status == 0, "\(off.stdout)\(off.stderr)")
        #expect(off.stdout.contains("readiness: false"))
        #expect(!fixture.logExists("kubectl.args"))
    }

    @Test("integration probes run only for --external-integrations deployments")
    func integrationReadiness() throws {
        try fixture.config("environments:\n  staging:\n    readiness:\n      integrations:\n        - {name: payments, tcp: \"127.0.0.1:1\", timeout: 0.2, period: 0.05, failure-threshold: 1}\n"
                           + Self.k8sHandler)
        let plain = try fixture.run(["staging", "--yes"])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("1 integration probe skipped: not an --external-integrations deployment"))
        let integrations = try fixture.run(["staging", "--yes", "--external-integrations"])
        #expect(integrations.status == 3, "\(integrations.stdout)\(integrations.stderr)")
        #expect(integrations.stderr.contains("integration check payments"))
        #expect(try fixture.log("handler-ran") == "handler ran\n")
    }

    @Test("explain lists what readiness would check, in text and JSON; a plan-only target checks nothing")
    func explainListsChecks() throws {
        try fixture.config("environments:\n  staging:\n    readiness:\n      probes:\n        - {name: db, tcp: \"127.0.0.1:5432\"}\n"
                           + Self.k8sHandler, files: ["k8s/deployment.yaml": "kind: Deployment\n"])
        let text = try fixture.run(["explain", "staging", "--complexity", "simple"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Safety net"))
        #expect(text.stdout.contains("platform/platform-k8s: kubectl version --request-timeout=5s"))
        #expect(text.stdout.contains("environment/db: tcp 127.0.0.1:5432"))
        let json = try fixture.explainJSON(["staging", "--complexity", "simple"])
        let readiness = try #require((json["safety_net"] as? [String: Any])?["readiness"] as? [[String: Any]])
        #expect(readiness.map { $0["kind"] as? String } == ["platform", "environment"])
        #expect(readiness.first?["check"] as? String == "kubectl version --request-timeout=5s")
        // dev routes to direct-deployment too; prod's release-workflow has no handler here.
        let prod = try fixture.explainJSON(["prod"])
        let notes = (prod["safety_net"] as? [String: Any])?["readiness_notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("no handler for release-workflow") })
    }

    @Test("a wrong readiness key is an error naming the file and line (exit 2)")
    func configErrors() throws {
        try fixture.config("environments:\n  staging:\n    readiness:\n      platfrom: false\n")
        let result = try fixture.run(["explain", "staging"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(".deploy.yml:4"))
        #expect(result.stderr.contains("platfrom"))
    }
}
