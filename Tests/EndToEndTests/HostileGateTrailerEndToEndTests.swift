import Foundation
import Testing
import TestSupport

/// A commit message cannot lift a gate (issue 11, item 4): `Deploy-Options: --emergency`,
/// `--rollback` or `--pipeline` in a commit of the range is reported and ignored; only the
/// descriptive options (`--multi-service`, `--database-migration`, …) may come from a trailer.
@Suite("hostile input: Deploy-Options trailers asking for gate-lifting options", .tags(.endToEnd))
struct HostileGateTrailerEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    /// prod frozen for a century and promoted only from staging: nothing may reach it today.
    static let frozenProd = """
        environments:
          prod:
            require-promotion-from: staging
            freeze:
              - {from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"}
        """

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("chore: policy", files: [".deploy.yml": Self.frozenProd + "\n"])
        try repo.commit("fix: tidy up\n\nDeploy-Options: --emergency --database-migration\n", files: ["src/a.txt": "a\n"])
    }

    @Test("git deploy prod --yes: an --emergency trailer lifts neither the freeze nor require-promotion-from (exit 3) and is reported")
    func emergencyTrailerDoesNotLiftProdGates() throws {
        try repo.git("tag", "v1.0.0")  // prod takes release tags (allowed-refs), as a release is
        let result = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("blocked by promotion, freeze"), "\(result.output)")
        #expect(!result.output.contains("bypassed by --emergency"), "\(result.output)")
        #expect(!result.output.contains("EMERGENCY"), "\(result.output)")
        #expect(result.stdout.contains("warning: commit \(try repo.head().prefix(7)) \"fix: tidy up\": Deploy-Options asks for --emergency, which a commit message cannot give"),
                "\(result.output)")
        // Nothing was recorded: a blocked deployment did not happen.
        #expect(try repo.tryGit(["rev-parse", "--verify", "-q", "refs/notes/deployments"]).status != 0)
    }

    @Test("the same deployment with --emergency from the person running it is let through, loudly")
    func emergencyFlagStillWorks() throws {
        try repo.git("tag", "v1.0.0")  // prod takes release tags (allowed-refs); --emergency does not lift that
        let result = try GitDeployBinary.run(["prod", "--yes", "--emergency", "db outage"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("EMERGENCY deployment"), "\(result.output)")
    }

    @Test("explain: --rollback and --pipeline trailers do not reroute; descriptive trailers still add; JSON warnings name them")
    func rollbackAndPipelineTrailersDoNotReroute() throws {
        try repo.commit("feat: quietly\n\nDeploy-Options: --rollback, --ci-cd\nDeploy-Options: --multi-service\n", files: ["src/b.txt": "b\n"])
        let json = try GitDeployBinary.json(try GitDeployBinary.run(["explain", "staging", "--format", "json"], in: repo.directory))
        #expect(json["mode"] as? String == "standard")
        #expect(json["target"] as? String != "rollback-system")
        let options = try #require(json["options"] as? [String])
        #expect(options.contains("--multi-service"))
        #expect(options.contains("--database-migration"))
        #expect(!options.contains("--rollback") && !options.contains("--pipeline") && !options.contains("--emergency"))
        let warnings = try #require(json["warnings"] as? [String])
        for flag in ["--rollback", "--pipeline", "--emergency"] {
            #expect(warnings.contains { $0.contains("Deploy-Options asks for \(flag), which a commit message cannot give") }, "\(warnings)")
        }
        #expect(json["schema"] as? Int == 1)

        let text = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(text.status == 0)
        #expect(text.stdout.contains("warning: commit \(try repo.head().prefix(7)) \"feat: quietly\": Deploy-Options asks for --rollback"), "\(text.stdout)")
        #expect(text.stdout.contains("Mode:         standard"), "\(text.stdout)")
    }

    @Test("pre-push of a prod tag (real git push): the --emergency trailer does not lift the freeze; the push is blocked and the trailer reported")
    func emergencyTrailerDoesNotLiftPrePushCheck() throws {
        let remote = try sandbox.repository("remote.git", bare: true)
        try repo.git("remote", "add", "origin", remote.path)
        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(install.status == 0, "\(install.stderr)")
        try repo.git("tag", "-a", "v1.0.0", "-m", "release")

        let result = try repo.tryGit(["push", "origin", "v1.0.0"], environment: GitDeployBinary.hookEnvironment)
        #expect(result.status != 0, "\(result.stderr)")
        #expect(result.stderr.contains("refs/tags/v1.0.0 → prod"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: commit \(try repo.head().prefix(7)) \"fix: tidy up\": Deploy-Options asks for --emergency"), "\(result.stderr)")
        #expect(result.stderr.contains("fail: freeze: inside freeze"), "\(result.stderr)")
        #expect(result.stderr.contains("fail: promotion:"), "\(result.stderr)")
        #expect(result.stderr.contains("git-deploy: push blocked: refs/tags/v1.0.0"), "\(result.stderr)")
        #expect(!(try remote.git("tag")).contains("v1.0.0"))
    }
}
