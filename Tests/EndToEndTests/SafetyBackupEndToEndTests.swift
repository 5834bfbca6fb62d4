import Foundation
import Testing
import TestSupport

/// Typed backups (issue 17 item 2): database, configuration and state, each with its `when:`, run
/// before dispatch with BACKUP_KIND and DEPLOY_BACKUP_OUTPUT, recorded with result, duration and
/// the reference they report; a failure stops the deployment (exit 4).
@Suite("safety net: typed backups, end to end", .tags(.endToEnd))
struct SafetyBackupEndToEndTests {
    let fixture: SafetyNetFixture

    init() throws {
        fixture = try SafetyNetFixture()
    }

    static let handlers = """
        targets:
          direct-deployment:
            run: [./deploy/handler.sh]
          release-workflow:
            run: [./deploy/handler.sh]
          infra-orchestrator:
            run: [./deploy/handler.sh]

        """

    @Test("the single argv form still means a database backup before --database-migration only, with BACKUP_KIND=database")
    func singleFormIsDatabase() throws {
        try fixture.config("environments:\n  staging:\n    backup: [./deploy/backup.sh]\n" + Self.handlers)
        let plain = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("[backup] database backup skipped: not a --database-migration deployment"))
        #expect(!fixture.logExists("backup-order"))
        let migration = try fixture.run(["staging", "--yes", "--database-migration", "--complexity", "simple"])
        #expect(migration.status == 0, "\(migration.stdout)\(migration.stderr)")
        let backup = try fixture.variables("backup-database.env")
        #expect(backup["BACKUP_KIND"] == "database")
        #expect(backup["DEPLOY_ENVIRONMENT"] == "staging")
        #expect(backup["DEPLOY_BACKUP_OUTPUT"]?.contains("/.git/deploy/backup-") == true)
        #expect(try fixture.log("backup-order") == "database\n")
    }

    @Test("configuration runs before every high-safety deployment, state only on the platforms in when:, in kind order, each a stage")
    func whenRules() throws {
        try fixture.config("""
            environments:
              prod:
                backup:
                  database: [./deploy/backup.sh]
                  configuration: [./deploy/backup.sh]
                  state: {run: [./deploy/backup.sh], when: [docker]}
              staging:
                backup:
                  configuration: [./deploy/backup.sh]
                  state: {run: [./deploy/backup.sh], when: [k8s]}
            """ + "\n" + Self.handlers)
        try fixture.fakeClient("kubectl", status: 0)
        try fixture.fakeClient("docker", status: 0)
        let staging = try fixture.run(["staging", "--yes", "--type", "k8s", "--complexity", "simple", "--no-infer"])
        #expect(staging.status == 0, "\(staging.stdout)\(staging.stderr)")
        #expect(staging.stdout.contains("[backup] configuration backup skipped: staging is not a high-safety environment"))
        #expect(staging.stdout.contains("[backup] state: running ./deploy/backup.sh"))
        #expect(try fixture.log("backup-order") == "state\n")

        try fixture.repo.git("tag", "v1.0.0")  // prod takes release tags (allowed-refs)
        let prod = try fixture.run(["prod", "--yes", "--type", "docker", "--database-migration"])
        #expect(prod.status == 0, "\(prod.stdout)\(prod.stderr)")
        #expect(try fixture.log("backup-order") == "state\ndatabase\nconfiguration\nstate\n")
        #expect(prod.stdout.contains("[backup] configuration: done in"))
        let entry = try #require(try fixture.history("prod").first)
        let backups = try #require(entry["backups"] as? [[String: Any]])
        #expect(backups.map { $0["kind"] as? String } == ["database", "configuration", "state"])
        #expect(backups.allSatisfy { $0["result"] as? String == "pass" && $0["duration_seconds"] is Double })
        let id = try #require(entry["id"] as? String)
        #expect(backups.first?["ref"] as? String == "/backups/database-\(id).dump")
        // Staging's entry, written before this one, keeps its own.
        #expect((try fixture.history("staging").first?["backups"] as? [[String: Any]])?.count == 1)
        // Entries of deployments without backups carry no backups field at all.
        try fixture.config(Self.handlers)
        #expect(try fixture.run(["dev", "--yes"]).status == 0)
        #expect(try fixture.history("dev").first?["backups"] == nil)
    }

    @Test("a failing backup stops the deployment before dispatch (exit 4), names the kind, and is recorded failed with its result")
    func failingBackup() throws {
        try fixture.config("""
            environments:
              staging:
                backup:
                  database: [./deploy/backup.sh]
                  configuration: {run: [./deploy/fail.sh], when: always}
                  state: {run: [./deploy/backup.sh], when: always}
            """ + "\n" + Self.handlers)
        let result = try fixture.run(["staging", "--yes", "--database-migration", "--complexity", "simple"])
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("the configuration backup of staging exited with status 7; nothing was deployed"))
        #expect(result.stderr.contains("[backup configuration] configuration backup failing"))
        #expect(!fixture.logExists("handler-ran"))
        #expect(try fixture.log("backup-order") == "database\n", "state does not run after a failed configuration backup")
        let entry = try #require(try fixture.history("staging").first)
        #expect(entry["status"] as? String == "failed")
        let backups = try #require(entry["backups"] as? [[String: Any]])
        #expect(backups.map { $0["result"] as? String } == ["pass", "fail"])
        #expect(backups.last?["ref"] is NSNull)
    }

    @Test("the reported reference is in the hand-off and the handler's DEPLOY_CONFIG_FILE; a hostile one is refused with a warning")
    func references() throws {
        try fixture.repo.write(["deploy/hostile.sh": "#!/bin/sh\nprintf 'evil\\033]0;title\\007ref\\n' > \"$DEPLOY_BACKUP_OUTPUT\"\n",
                                "deploy/long.sh": "#!/bin/sh\nhead -c 5000 /dev/zero | tr '\\0' a > \"$DEPLOY_BACKUP_OUTPUT\"\n"])
        for script in ["hostile", "long"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.repo.directory.appendingPathComponent("deploy/\(script).sh").path)
        }
        try fixture.config("""
            environments:
              staging:
                backup:
                  database: {run: [./deploy/backup.sh], when: always}
                  configuration: {run: [./deploy/hostile.sh], when: always}
                  state: {run: [./deploy/long.sh], when: always}
            """ + "\n" + Self.handlers)
        let result = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let handoff = try fixture.handoff()
        let id = try #require(handoff["DEPLOYMENT_ID"])
        #expect(result.stdout.contains("warning: configuration backup: the reference 'evil\\u{1B}]0;title\\u{07}ref' holds control characters; not recorded")
                || result.stdout.contains("holds control characters; not recorded"))
        #expect(!result.stdout.contains("\u{1B}]0;"))
        #expect(result.stdout.contains("warning: state backup: the reference is longer than 1024 bytes; not recorded"), "\(result.stdout)")
        #expect(handoff["DEPLOYMENT_ROLLBACK_BACKUPS"] == "database configuration state")
        // Rewritten with the backups' references, the hand-off still says the deployment is a go.
        #expect(handoff["DEPLOYMENT_STATUS"] == "ready")
        #expect(handoff["DEPLOYMENT_ROLLBACK_BACKUP_DATABASE"] == "/backups/database-\(id).dump")
        #expect(handoff["DEPLOYMENT_ROLLBACK_BACKUP_CONFIGURATION"] == "")
        #expect(handoff["DEPLOYMENT_ROLLBACK_BACKUP_STATE"] == "")
        let backups = try #require(try fixture.history("staging").first?["backups"] as? [[String: Any]])
        #expect(backups.map { $0["ref"] is NSNull } == [false, true, true])
    }

    @Test("an output file swapped for a symlink or a FIFO is refused without following it or waiting for a writer")
    func swappedOutputFile() throws {
        try fixture.repo.write(["deploy/link.sh": "#!/bin/sh\nrm -f \"$DEPLOY_BACKUP_OUTPUT\"\nln -s /etc/passwd \"$DEPLOY_BACKUP_OUTPUT\"\n",
                                "deploy/fifo.sh": "#!/bin/sh\nrm -f \"$DEPLOY_BACKUP_OUTPUT\"\nmkfifo \"$DEPLOY_BACKUP_OUTPUT\"\n"])
        for script in ["link", "fifo"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.repo.directory.appendingPathComponent("deploy/\(script).sh").path)
        }
        try fixture.config("environments:\n  staging:\n    backup:\n      configuration: {run: [./deploy/link.sh], when: always}\n      state: {run: [./deploy/fifo.sh], when: always}\n"
                           + Self.handlers)
        let started = Date()
        let result = try fixture.run(["staging", "--yes", "--complexity", "simple"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(result.stdout.contains("is a symbolic link"))
        #expect(result.stdout.contains("is not a regular file"))
        #expect(!result.stdout.contains("root:"))
        let backups = try #require(try fixture.history("staging").first?["backups"] as? [[String: Any]])
        #expect(backups.map { $0["ref"] is NSNull } == [true, true])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.repo.directory.appendingPathComponent(".git/deploy").path)
        #expect(!leftovers.contains { $0.hasSuffix(".ref") })
    }

    @Test("explain names the backups that would run and the ones skipped; a wrong when: is an error naming the line (exit 2)")
    func explainAndErrors() throws {
        try fixture.config("environments:\n  prod:\n    backup:\n      database: [./deploy/backup.sh]\n      configuration: [./deploy/backup.sh]\n" + Self.handlers)
        let text = try fixture.run(["explain", "prod"])
        #expect(text.stdout.contains("configuration: ./deploy/backup.sh (when high-safety)"))
        #expect(text.stdout.contains("database: skipped, not a --database-migration deployment"))
        let json = try fixture.explainJSON(["prod", "--database-migration"])
        let backups = try #require((json["safety_net"] as? [String: Any])?["backups"] as? [[String: Any]])
        #expect(backups.map { $0["kind"] as? String } == ["database", "configuration"])
        try fixture.config("environments:\n  prod:\n    backup:\n      state: {run: [./deploy/backup.sh], when: [k9s]}\n")
        let bad = try fixture.run(["explain", "prod"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".deploy.yml:4"))
        #expect(bad.stderr.contains("'k9s' is not one of"))
    }
}
