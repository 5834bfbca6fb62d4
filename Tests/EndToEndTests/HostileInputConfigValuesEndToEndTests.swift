import Foundation
import Testing
import TestSupport

/// `.deploy.yml` values that parse but cannot run (README "Limits and trust"): validation refuses
/// them when the file is read, naming file, line and key and the accepted range, instead of
/// trapping or hanging when a deployment reaches them.
@Suite("hostile input: configuration values that cannot run", .tags(.endToEnd))
struct HostileInputConfigValuesEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    static let probe = "verify:\n  staging:\n    probes:\n      - "

    static let cases: [(String, String)] = [
        (probe + "{name: p, tcp: \"127.0.0.1:1\", timeout: 1e19}\n",
         ".deploy.yml:4: verify.staging.probes[0].timeout: '1e19' is out of range: it takes 0.001 s to 3600 s (1 h)"),
        (probe + "{name: p, tcp: \"127.0.0.1:1\", initial-delay: 1e15}\n",
         ".deploy.yml:4: verify.staging.probes[0].initial-delay: '1e15' is out of range: it takes 0 s to 3600 s (1 h)"),
        (probe + "{name: p, tcp: \"127.0.0.1:1\", period: 1e300}\n",
         ".deploy.yml:4: verify.staging.probes[0].period: '1e300' is out of range"),
        (probe + "{name: p, tcp: \"127.0.0.1:1\", period: 1e306h}\n",
         ".deploy.yml:4: verify.staging.probes[0].period: '1e306h' is out of range"),
        (probe + "{name: p, tcp: \"127.0.0.1:1\", timeout: 5mm}\n",
         ".deploy.yml:4: verify.staging.probes[0].timeout: '5mm' is not a duration"),
        (probe + "{name: p, http: \"http://127.0.0.1:99999/healthz\"}\n",
         ".deploy.yml:4: verify.staging.probes[0].http: port 99999 in 'http://127.0.0.1:99999/healthz' is out of range: it takes 1 to 65535"),
        (probe + "{name: p, http: \"https://example.com/healthz\"}\n",
         ".deploy.yml:4: verify.staging.probes[0].http: 'https://example.com/healthz': https probes need FoundationNetworking"),
        (probe + "{name: p, tcp: \"127.0.0.1:99999\"}\n",
         ".deploy.yml:4: verify.staging.probes[0].tcp: '127.0.0.1:99999' is not host:port with a port from 1 to 65535"),
        ("targets:\n  direct-deployment:\n    run: [\"true\"]\n    timeout: 1e19\n",
         ".deploy.yml:4: targets.direct-deployment.timeout: '1e19' is out of range: it takes 0.001 s to 604800 s (168 h)"),
        ("environments:\n  ..:\n    safety: low\n", ".deploy.yml:2: environments...: '..' is not a valid environment name"),
        ("environments:\n  .:\n    safety: low\n", ".deploy.yml:2: environments..: '.' is not a valid environment name"),
        ("environments:\n  qa:\n    safety: low\n    aliases: [\"..\"]\n", ".deploy.yml:4: environments.qa.aliases: '..' is not a valid alias name"),
        ("inference:\n  max-commits: 99999999999999999999\n", ".deploy.yml:2: inference.max-commits: expected a whole number"),
        ("inference:\n  max-commits: 20000000\n", ".deploy.yml:2: inference.max-commits: 20000000 is out of range: it takes 1 to 10000000"),
    ]

    @Test("validation refuses what cannot run: exit 2 naming file:line, key and range", arguments: cases)
    func refused(yaml: String, message: String) throws {
        try repo.commit("chore: config", files: [".deploy.yml": yaml])
        let result = try GitDeployBinary.run(["config"], in: repo.directory)
        #expect(result.status == 2, "\(yaml): \(result.status) \(result.output)")
        #expect(result.stderr.contains("error: \(message)"), "\(yaml): \(result.stderr)")
    }

    @Test("durations at the edges of their ranges, and with every unit, are accepted")
    func accepted() throws {
        try repo.commit("chore: config", files: [".deploy.yml": """
            targets:
              direct-deployment:
                run: ["true"]
                timeout: 168h
            verify:
              staging:
                probes:
                  - {name: a, tcp: "127.0.0.1:65535", timeout: 250ms, period: 1h, initial-delay: 0}
                  - {name: b, http: "http://127.0.0.1:1/x", timeout: 0.001, period: 60m, initial-delay: 3600s}
            """])
        let result = try GitDeployBinary.run(["config"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
    }
}
