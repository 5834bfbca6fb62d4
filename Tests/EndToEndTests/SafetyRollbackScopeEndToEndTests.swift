import Foundation
import Testing
import TestSupport

/// Rollback scope and target (issue 17 item 5) and rollback preparation (item 6): the rollback
/// handler is told ROLLBACK_SCOPE, ROLLBACK_TARGET and the backups of the deployment it replaces;
/// every deployment's hand-off names what a rollback of it would return to.
@Suite("safety net: rollback scope and preparation, end to end", .tags(.endToEnd))
struct SafetyRollbackScopeEndToEndTests {
    let fixture: SafetyNetFixture

    init() throws {
        fixture = try SafetyNetFixture()
    }

    static let config = """
        environments:
          staging:
            backup:
              database: {run: [./deploy/backup.sh], when: always}
        targets:
          direct-deployment:
            run: [./deploy/handler.sh]
          rollback-system:
            run: [./deploy/rollback.sh, default-handler]
            scopes:
              database: {run: [./deploy/rollback.sh, database-handler]}

        """

    /// Deploys the current commit to staging; returns its id.
    func deploy() throws -> String {
        let result = try fixture.run(["staging", "--yes", "--complexity", "simple", "--no-infer"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return try #require(try fixture.handoff()["DEPLOYMENT_ID"])
    }

    @Test("rollback --scope database runs scopes.database.run with ROLLBACK_SCOPE, ROLLBACK_TARGET and the replaced deployment's dump; history records the scope")
    func databaseScope() throws {
        try fixture.config(Self.config)
        let first = try fixture.repo.head()
        _ = try deploy()
        let second = try fixture.repo.commit("feat: second")
        let secondID = try deploy()
        let result = try fixture.run(["rollback", "staging", "--scope", "database", "--yes"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("[rollback] scope database: returning staging to \(first.prefix(7)), replacing \(secondID); backups: database /backups/database-\(secondID).dump"))
        let seen = try fixture.variables("rollback-database-handler.env")
        #expect(seen["ROLLBACK_SCOPE"] == "database")
        #expect(seen["ROLLBACK_TARGET"] == first)
        #expect(seen["ROLLBACK_ENVIRONMENT"] == "staging")
        #expect(seen["ROLLBACK_FROM_ID"] == secondID)
        #expect(seen["ROLLBACK_FROM_COMMIT"] == second)
        #expect(seen["ROLLBACK_BACKUP_DATABASE"] == "/backups/database-\(secondID).dump")
        #expect(seen["ROLLBACK_BACKUP_CONFIGURATION"] == "")
        #expect(seen["DEPLOY_ROLLBACK_TO"] == first)
        #expect(!fixture.logExists("rollback-default-handler.env"))
        let entries = try fixture.history("staging")
        #expect(entries.first?["mode"] as? String == "rollback")
        #expect(entries.first?["rollback_scope"] as? String == "database")
        #expect(entries.contains { $0["id"] as? String == secondID && $0["status"] as? String == "rolled-back" })
        #expect(entries.filter { $0["mode"] as? String == "standard" }.allSatisfy { $0["rollback_scope"] == nil })
    }

    @Test("a scope without its own handler runs targets.rollback-system.run; the default scope is full; an unknown scope is a usage error")
    func fallbackAndDefault() throws {
        try fixture.config(Self.config)
        let first = try fixture.repo.head()
        _ = try deploy()
        try fixture.repo.commit("feat: second")
        _ = try deploy()
        let application = try fixture.run(["rollback", "staging", "--scope", "application", "--to", first, "--yes"])
        #expect(application.status == 0, "\(application.stdout)\(application.stderr)")
        #expect(try fixture.variables("rollback-default-handler.env")["ROLLBACK_SCOPE"] == "application")
        let full = try fixture.run(["rollback", "staging", "--to", first, "--yes"])
        #expect(full.status == 0, "\(full.stdout)\(full.stderr)")
        #expect(try fixture.variables("rollback-default-handler.env")["ROLLBACK_SCOPE"] == "full")
        #expect(try fixture.history("staging").first?["rollback_scope"] as? String == "full")
        let unknown = try fixture.run(["rollback", "staging", "--scope", "everything", "--yes"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("everything"))
    }

    @Test("the hand-off names what a rollback returns to (empty for a first deployment) and the backups taken, before dispatch; explain shows it")
    func preparation() throws {
        try fixture.config(Self.config)
        let first = try fixture.repo.head()
        let firstID = try deploy()
        var handoff = SafetyNetFixture.parseHandoff(try fixture.log("handoff-at-dispatch"))
        #expect(handoff["DEPLOYMENT_ROLLBACK_COMMIT"] == "")
        #expect(handoff["DEPLOYMENT_ROLLBACK_ID"] == "")
        #expect(handoff["DEPLOYMENT_ROLLBACK_BACKUPS"] == "database")
        try fixture.repo.commit("feat: second")

        let text = try fixture.run(["explain", "staging", "--complexity", "simple"])
        #expect(text.stdout.contains("Rollback to:  \(first) (\(firstID))"))
        let json = try fixture.explainJSON(["staging", "--complexity", "simple"])
        let rollback = (json["safety_net"] as? [String: Any])?["rollback"] as? [String: Any]
        #expect(rollback?["commit"] as? String == first)
        #expect(rollback?["deployment_id"] as? String == firstID)

        let secondID = try deploy()
        handoff = SafetyNetFixture.parseHandoff(try fixture.log("handoff-at-dispatch"))
        #expect(handoff["DEPLOYMENT_ID"] == secondID)
        #expect(handoff["DEPLOYMENT_ROLLBACK_COMMIT"] == first)
        #expect(handoff["DEPLOYMENT_ROLLBACK_ID"] == firstID)
        #expect(handoff["DEPLOYMENT_ROLLBACK_BACKUP_DATABASE"] == "/backups/database-\(secondID).dump")
    }

    @Test("auto-rollback after failed verification returns to the deployment before it, with scope full and the failed deployment's backups")
    func autoRollback() throws {
        try fixture.config(Self.config + """
            verify:
              staging:
                auto-rollback: true
                probes:
                  - {name: health, command: [sh, -c, 'test -f "$LOGS/healthy"'], period: 0.05, failure-threshold: 2}
            """)
        FileManager.default.createFile(atPath: fixture.logs.appendingPathComponent("healthy").path, contents: Data())
        _ = try deploy()
        let second = try fixture.repo.commit("feat: second")
        _ = try deploy()
        try fixture.repo.commit("feat: broken")
        try FileManager.default.removeItem(at: fixture.logs.appendingPathComponent("healthy"))
        let result = try fixture.run(["staging", "--yes", "--complexity", "simple", "--no-infer"])
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        let brokenID = try #require(SafetyNetFixture.parseHandoff(try fixture.log("handoff-at-dispatch"))["DEPLOYMENT_ID"])
        let seen = try fixture.variables("rollback-default-handler.env")
        #expect(seen["ROLLBACK_TARGET"] == second, "the environment's deployment before the failed one, not the one before that")
        #expect(seen["ROLLBACK_SCOPE"] == "full")
        #expect(seen["ROLLBACK_FROM_ID"] == brokenID)
        #expect(seen["ROLLBACK_BACKUP_DATABASE"] == "/backups/database-\(brokenID).dump")
        let entries = try fixture.history("staging")
        #expect(entries.contains { $0["mode"] as? String == "rollback" && $0["commit"] as? String == second && $0["rollback_scope"] as? String == "full" })
        #expect(entries.contains { $0["id"] as? String == brokenID && $0["status"] as? String == "rolled-back" })
    }

    @Test("an automatic rollback of a tagged release names the release it returns to, not the one that failed")
    func autoRollbackOfATag() throws {
        try fixture.config(Self.config + """
            verify:
              staging:
                auto-rollback: true
                probes:
                  - {name: health, command: [sh, -c, 'test -f "$LOGS/healthy"'], period: 0.05, failure-threshold: 2}
            """)
        FileManager.default.createFile(atPath: fixture.logs.appendingPathComponent("healthy").path, contents: Data())
        try fixture.repo.git("tag", "v1.0.0")
        try fixture.repo.git("checkout", "-q", "v1.0.0")
        _ = try deploy()
        try fixture.repo.git("checkout", "-q", "-")
        try fixture.repo.commit("feat: broken")
        try fixture.repo.git("tag", "v1.1.0")
        try fixture.repo.git("checkout", "-q", "v1.1.0")
        try FileManager.default.removeItem(at: fixture.logs.appendingPathComponent("healthy"))
        let result = try fixture.run(["staging", "--yes", "--complexity", "simple", "--no-infer"])
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        let seen = try fixture.variables("rollback-default-handler.env")
        #expect(seen["ROLLBACK_TARGET"] == (try fixture.repo.revParse("v1.0.0")))
        #expect(seen["DEPLOY_TAG"] == "v1.0.0", "the rollback's hand-off names \(seen["DEPLOY_TAG"] ?? "nothing")")
        let rollback = try #require(try fixture.history("staging").first { $0["mode"] as? String == "rollback" })
        #expect(rollback["tag"] as? String == "v1.0.0")
    }
}
