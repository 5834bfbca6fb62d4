import Foundation
import Testing
import TestSupport

/// `.deploy.yml` shaping the rules, and every error naming file, line and key (DESIGN §9).
@Suite(".deploy.yml, end to end", .tags(.endToEnd))
struct ConfigEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    @Test("a tag deploy-* maps to a new environment qa, and a route sends qa to a new target")
    func customEnvironmentAndTarget() throws {
        try repo.write([".deploy.yml": """
            environments:
              qa:
                safety: medium
                aliases: [quality]
            targets:
              qa-lab:
                run: ["./deploy-qa.sh", "--fast"]
                timeout: 5m
            refs:
              - tag: "deploy-*"
                environment: qa
            routes:
              - key: "qa,*,*"
                target: qa-lab
            """])
        try repo.git("tag", "deploy-42")
        try repo.git("checkout", "-q", "--detach", "deploy-42")
        let result = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try GitDeployBinary.json(result)
        #expect(json["environment"] as? String == "qa")
        #expect(json["safety_level"] as? String == "medium")
        #expect((json["environment_source"] as? String)?.contains(".deploy.yml:10") == true)
        #expect(json["target"] as? String == "qa-lab")
        #expect(json["rule"] as? Int == 1)
        #expect(json["rule_origin"] as? String == ".deploy.yml:13")
        // A user-defined environment takes part in typo suggestions and aliases like a built-in one.
        let typo = try GitDeployBinary.run(["explain", "--env", "qaa"], in: repo.directory)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'qa'"))
        let alias = try GitDeployBinary.run(["explain", "quality", "--format", "json"], in: repo.directory)
        #expect(try GitDeployBinary.json(alias)["environment"] as? String == "qa")
    }

    @Test("config --show-origin prints every setting with default or .deploy.yml:LINE")
    func showOrigin() throws {
        try repo.write([".deploy.yml": "environments:\n  prod:\n    require-promotion-from: staging\ninference:\n  max-commits: 500\n"])
        let result = try GitDeployBinary.run(["config", "--show-origin"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(".deploy.yml:3") && $0.contains("environments.prod.require-promotion-from") && $0.hasSuffix("staging") })
        #expect(lines.contains { $0.hasPrefix(".deploy.yml:5") && $0.contains("inference.max-commits") && $0.hasSuffix("500") })
        #expect(lines.contains { $0.hasPrefix("default") && $0.contains("environments.staging.safety") && $0.hasSuffix("medium") })
        #expect(lines.contains { $0.contains("routes[6]") && $0.hasSuffix("*,*,* → direct-deployment") })

        let json = try GitDeployBinary.run(["config", "--env", "prod", "--format", "json"], in: repo.directory)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]])
        #expect(entries.contains { $0["key"] == "environments.prod.safety" && $0["value"] == "high" })
        #expect(!entries.contains { $0["key"]?.hasPrefix("environments.dev.") == true })
    }

    @Test("config errors exit 2 and name file, line and key", arguments: [
        ("enviroments:\n  qa: {safety: low}\n", ".deploy.yml:1", "did you mean 'environments'"),
        ("environments:\n  qa:\n    saftey: low\n", ".deploy.yml:3", "did you mean 'safety'"),
        ("environments:\n  qa:\n    safety: extreme\n", ".deploy.yml:3", "environments.qa.safety"),
        ("environments:\n  qa:\n    aliases: [q]\n", ".deploy.yml:2", "needs a safety level"),
        ("inference:\n  max-commits: many\n", ".deploy.yml:2", "inference.max-commits"),
        ("routes:\n  - key: \"prod,*,*\"\n    target: nowhere\n", ".deploy.yml:3", "unknown target 'nowhere'"),
        ("routes:\n  - key: \"prod,*\"\n    target: release-workflow\n", ".deploy.yml:2", "ENV,COMPLEXITY,MODE"),
        ("refs:\n  - branch: \"release/[abc\"\n    environment: staging\n", ".deploy.yml:2", "never closed"),
        ("refs:\n  - branch: x\n    environment: qa\n", ".deploy.yml:3", "unknown environment 'qa'"),
        ("targets:\n  t:\n    run: ./deploy.sh\n", ".deploy.yml:3", "argv list"),
        ("environments: [1, 2\n", ".deploy.yml:", "invalid YAML"),
        ("environments:\n  prod:\n    freeze:\n      - start: \"0 25 * * *\"\n        end: \"0 8 * * 1\"\n", ".deploy.yml:4", "hour 25 is out of range"),
        ("verify:\n  prod:\n    probes:\n      - http: \"not a url\"\n", ".deploy.yml:4", "not an http(s) URL"),
    ])
    func configErrors(yaml: String, location: String, message: String) throws {
        try repo.write([".deploy.yml": yaml])
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains(location), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let config = try GitDeployBinary.run(["config"], in: repo.directory)
        #expect(config.status == 2)
    }

    @Test("a YAML bomb fails fast with a clear error")
    func yamlBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        yaml += "environments:\n  qa:\n    safety: low\n    aliases: *a9\n"
        try repo.write([".deploy.yml": yaml])
        let started = Date()
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".deploy.yml"))
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test("a 50 MB configuration file is refused without reading it")
    func hugeConfig() throws {
        let url = repo.directory.appendingPathComponent(".deploy.yml")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let chunk = Data(("# " + String(repeating: "x", count: 1022) + "\n").utf8)
        for _ in 0..<(50 * 1024) { handle.write(chunk) }
        try handle.close()
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".deploy.yml"))
        #expect(result.stderr.contains("bytes"))
    }

    @Test("a .release_config in the deployed commit's tree is used when the work tree has none")
    func releaseConfigFromCommit() throws {
        try repo.commit("chore: release", files: [".release_config": "RELEASE_VERSION=3.1.0\nRELEASE_MANAGER=ops\n"])
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent(".release_config"))
        let result = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory)
        let release = try GitDeployBinary.json(result)["release"] as? [String: Any]
        #expect(release?["mode"] as? String == "continue")
        #expect(release?["version"] as? String == "3.1.0")
        #expect((release?["source"] as? String)?.hasSuffix(":.release_config") == true)
    }
}
