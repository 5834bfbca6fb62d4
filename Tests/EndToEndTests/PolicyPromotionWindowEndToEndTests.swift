import Foundation
import Testing
import TestSupport

/// `require-promotion-from` and the monitoring window together: a deployment to the source
/// environment promotes once its window has ended (CodeDeploy's bake time, a Spinnaker stage),
/// not while it is still being watched.
@Suite("policy: promotion waits for the source environment's monitoring window", .tags(.endToEnd))
struct PolicyPromotionWindowEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("chore: policy", files: [".deploy.yml": """
            environments:
              prod:
                require-promotion-from: staging
            targets:
              direct-deployment:
                run: [sh, -c, "echo deployed"]
              release-workflow:
                run: [sh, -c, "echo released"]
            verify:
              staging:
                probes:
                  - {name: health, command: [sh, -c, "true"]}
                monitor: {duration: 2s, interval: 200ms}
            """ + "\n"])
        try repo.git("tag", "v1.0.0")
    }

    @Test("prod is blocked while staging's detached window runs, names it, and goes once the window passed")
    func promotionAfterTheWindow() throws {
        let staging = try GitDeployBinary.run(["staging", "--yes", "--monitor", "detach"], in: repo.directory)
        #expect(staging.status == 0, "\(staging.output)")

        let early = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(early.status == 3, "\(early.output)")
        #expect(early.output.contains("blocked by promotion: the commit's deployment to staging has not finished its monitoring window"), "\(early.output)")
        #expect(early.output.contains("git deploy status --watch --env staging"), "\(early.output)")

        let watch = try GitDeployBinary.run(["status", "--watch", "--env", "staging"], in: repo.directory)
        #expect(watch.status == 0, "\(watch.output)")

        let promoted = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(promoted.status == 0, "\(promoted.output)")
        #expect(promoted.output.contains("released"), "\(promoted.output)")
    }

    @Test("--monitor off records no window: the staging deployment promotes at once")
    func noWindowPromotesAtOnce() throws {
        let staging = try GitDeployBinary.run(["staging", "--yes", "--monitor", "off"], in: repo.directory)
        #expect(staging.status == 0, "\(staging.output)")
        let promoted = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(promoted.status == 0, "\(promoted.output)")
    }
}
