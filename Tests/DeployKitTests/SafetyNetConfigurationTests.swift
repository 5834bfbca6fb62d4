import Foundation
import Testing
@testable import DeployKit

/// `readiness:`, typed `backup:` and `targets.<name>.scopes` as `.deploy.yml` gives them (issue 17),
/// and the checks on what a backup reports.
@Suite("safety net configuration", .tags(.fast))
struct SafetyNetConfigurationTests {
    func parse(_ yaml: String) throws -> Configuration {
        try ConfigurationLoader.parse(Array(yaml.utf8), file: ".deploy.yml")
    }

    @Test("the single argv form is a database backup before --database-migration; each kind has its own default when:")
    func backupForms() throws {
        let single = try parse("environments:\n  prod:\n    backup: [pg_dump, app]\n").settings(for: "prod").backups.steps
        #expect(single == [BackupSettings.Step(kind: .database, run: ["pg_dump", "app"], when: .databaseMigration, origin: ".deploy.yml:3")])
        let typed = try parse("""
            environments:
              prod:
                backup:
                  state: {run: [snap], when: [k8s, docker]}
                  configuration: [tar, cf, conf.tar, conf]
                  database: {run: [pg_dump], when: always}
            """).settings(for: "prod").backups.steps
        #expect(typed.map(\.kind) == [.database, .configuration, .state])
        #expect(typed.map(\.when) == [.always, .highSafety, .platforms([.k8s, .docker])])
    }

    @Test("readiness: false, platform: false, platform: argv, probes and integrations")
    func readinessForms() throws {
        #expect(try parse("environments:\n  prod:\n    readiness: false\n").settings(for: "prod").readiness.enabled == false)
        let settings = try parse("""
            environments:
              prod:
                readiness:
                  platform: [kubectl, --context, prod, version]
                  probes: [{name: db, tcp: "127.0.0.1:5432"}]
                  integrations: [{name: pay, http: "http://127.0.0.1:9/health"}]
            """).settings(for: "prod").readiness
        #expect(settings.platform == .command(["kubectl", "--context", "prod", "version"], origin: ".deploy.yml:4"))
        #expect(settings.probes.map(\.name) == ["db"])
        #expect(settings.integrations.map(\.name) == ["pay"])
        #expect(try parse("environments:\n  prod:\n    readiness: {platform: false}\n").settings(for: "prod").readiness.platform == .disabled)
    }

    @Test("mistakes are errors naming the line", arguments: [
        ("environments:\n  prod:\n    readiness: true\n", ".deploy.yml:3"),
        ("environments:\n  prod:\n    readiness: {platform: \"kubectl version\"}\n", ".deploy.yml:3"),
        ("environments:\n  prod:\n    backup: {database: pg_dump}\n", ".deploy.yml:3"),
        ("environments:\n  prod:\n    backup: {logs: [x]}\n", ".deploy.yml:3"),
        ("environments:\n  prod:\n    backup:\n      database: {when: always}\n", ".deploy.yml:4"),
        ("environments:\n  prod:\n    backup:\n      state: {run: [x], when: sometimes}\n", ".deploy.yml:4"),
        ("environments:\n  prod:\n    backup:\n      state: {run: [x], when: []}\n", ".deploy.yml:4"),
        ("targets:\n  rollback-system:\n    run: [x]\n    scopes:\n      everything: {run: [y]}\n", ".deploy.yml:5"),
        ("targets:\n  rollback-system:\n    run: [x]\n    scopes:\n      database: {run: y}\n", ".deploy.yml:5"),
    ])
    func errors(yaml: String, location: String) {
        #expect {
            _ = try parse(yaml)
        } throws: { error in
            (error as? DeployError)?.message.contains(location) == true
        }
    }

    @Test("a scope handler inherits the target's timeout and env")
    func scopes() throws {
        let target = try #require(try parse("""
            targets:
              rollback-system:
                run: [./rollback.sh]
                timeout: 60
                env: {REGION: eu}
                scopes:
                  database: {run: [./restore.sh], env: {DB: main}}
            """).targets["rollback-system"])
        let database = try #require(target.scopes[.database])
        #expect(database.run == ["./restore.sh"])
        #expect(database.timeout == 60)
        #expect(database.environment == ["REGION": "eu", "DB": "main"])
        #expect(target.handler(for: .database).run == ["./restore.sh"])
        #expect(target.handler(for: .configuration).run == ["./rollback.sh"])
        #expect(target.handler(for: nil).run == ["./rollback.sh"])
    }

    @Test("a backup reference is one printable line of at most 1024 bytes; history entries are checked the same way")
    func references() throws {
        #expect(BackupReference.validate(Array("  /backups/a.dump ".utf8)).reference == "/backups/a.dump")
        #expect(BackupReference.validate([]).reference == nil)
        #expect(BackupReference.validate([]).problem == nil)
        #expect(BackupReference.validate(Array("a\u{1B}[31mb".utf8)).problem?.contains("control characters") == true)
        #expect(BackupReference.validate(Array("a\u{202E}b".utf8)).reference == nil)
        #expect(BackupReference.validate([UInt8](repeating: 0x61, count: 1025)).problem?.contains("1024") == true)
        #expect(BackupReference.validate([0xFF, 0xFE]).problem?.contains("UTF-8") == true)
        let long = String(repeating: "x", count: 2000)
        let note = #"{"id":"d","environment":"prod","commit":"0123456789012345678901234567890123456789","status":"succeeded","timestamp":"2026-01-01T00:00:00Z","backups":[{"kind":"database","result":"pass","ref":"/ok.dump"},{"kind":"configuration","result":"pass","ref":"\#(long)"},{"kind":"state","result":"fail","ref":"/failed"},{"kind":"nonsense","result":"pass","ref":"x"},{"kind":"state","result":"pass","ref":"a\u001bb"}]}"#
        let record = try #require(DeploymentRecord(json: try JSONParser.parse(Array(note.utf8))))
        #expect(record.backupReferences == [.database: "/ok.dump"])
    }
}
