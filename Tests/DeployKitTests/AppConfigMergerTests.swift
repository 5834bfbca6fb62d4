import Foundation
import Testing
import TestSupport
@testable import DeployKit

@Suite("config/base.yml ← config/<env>.yml ← config/local.yml, deep-merged to JSON", .tags(.repository))
struct AppConfigMergerTests {
    func write(_ sandbox: Sandbox, _ files: [String: String]) throws {
        for (relative, text) in files {
            let url = sandbox.url(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    @Test("mappings merge recursively; lists and scalars are replaced")
    func deepMerge() throws {
        let sandbox = try Sandbox()
        try write(sandbox, [
            "config/base.yml": "db:\n  host: localhost\n  port: 5432\n  pool: {min: 1, max: 5}\nfeatures: [a, b]\nname: app\n",
            "config/prod.yml": "db:\n  host: db.prod\n  pool: {max: 50}\nfeatures: [c]\n",
            "config/local.yml": "name: mine\ndebug: true\n",
        ])
        let merged = try AppConfigMerger.merge(root: sandbox.path, environment: "prod")
        #expect(merged.serialized() == #"{"db":{"host":"db.prod","port":5432,"pool":{"min":1,"max":50}},"features":["c"],"name":"mine","debug":true}"#)
    }

    @Test("missing files are skipped; none at all is {}")
    func missingFiles() throws {
        let sandbox = try Sandbox()
        #expect(try AppConfigMerger.merge(root: sandbox.path, environment: "dev") == .object([]))
        try write(sandbox, ["config/dev.yml": "only: dev\n", "config/prod.yml": "only: prod\n"])
        #expect(try AppConfigMerger.merge(root: sandbox.path, environment: "dev").serialized() == #"{"only":"dev"}"#)
    }

    @Test("YAML types become JSON types; quoted stays a string; merge keys apply")
    func types() throws {
        let sandbox = try Sandbox()
        try write(sandbox, ["config/base.yml": """
            defaults: &defaults {timeout: 30, retries: 2}
            service:
              <<: *defaults
              retries: 5
            n: 1.5
            quoted: "42"
            empty:
            yes_no: false
            """])
        let merged = try AppConfigMerger.merge(root: sandbox.path, environment: "dev")
        #expect(merged.serialized() == #"{"defaults":{"timeout":30,"retries":2},"service":{"timeout":30,"retries":5},"n":1.5,"quoted":"42","empty":null,"yes_no":false}"#)
    }

    @Test("a file that is not a mapping is an error naming the file and line")
    func notMapping() throws {
        let sandbox = try Sandbox()
        try write(sandbox, ["config/base.yml": "a: 1\n", "config/staging.yml": "# comment\n- just\n- a list\n"])
        do {
            _ = try AppConfigMerger.merge(root: sandbox.path, environment: "staging")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.message.hasPrefix("config/staging.yml:2:"))
        }
    }

    @Test("invalid YAML names file and line")
    func invalidYAML() throws {
        let sandbox = try Sandbox()
        try write(sandbox, ["config/local.yml": "a: 1\nb: [unclosed\n"])
        #expect(throws: DeployError.self) { try AppConfigMerger.merge(root: sandbox.path, environment: "dev") }
        do { _ = try AppConfigMerger.merge(root: sandbox.path, environment: "dev") } catch {
            #expect(error.message.hasPrefix("config/local.yml:"))
        }
    }

    @Test("an environment name cannot walk out of config/")
    func hostileEnvironment() throws {
        let sandbox = try Sandbox()
        #expect(throws: DeployError.self) { try AppConfigMerger.merge(root: sandbox.path, environment: "../etc/passwd") }
    }

    @Test("the JSON file is written atomically and its path returned")
    func writesFile() throws {
        let sandbox = try Sandbox()
        try write(sandbox, ["config/base.yml": "a: 1\n"])
        let destination = sandbox.url(".git/deploy/app-config.json").path
        let path = try AppConfigMerger.write(root: sandbox.path, environment: "dev", to: destination)
        #expect(path == destination)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["a"] as? Int == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.url(".git/deploy").path)
        #expect(leftovers == ["app-config.json"])
    }
}
