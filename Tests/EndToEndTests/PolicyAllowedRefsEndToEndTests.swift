import Foundation
import Testing
import TestSupport

/// Issue 14 item 2: which refs may deploy to an environment (GitHub's "deployment branches and
/// tags"). prod takes release tags and its own branches unless `environments.prod.allow` on the
/// default branch says otherwise; anything else is blocked by `allowed-refs` (exit 3).
@Suite("policy: allowed refs per environment", .tags(.endToEnd))
struct PolicyAllowedRefsEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    func deploy(_ arguments: [String]) throws -> ProcessResult {
        try GitDeployBinary.run(arguments, in: repo.directory)
    }

    @Test("git deploy prod --yes from main is blocked by allowed-refs (exit 3), naming the ref and the rules")
    func mainIsNotAllowedInProd() throws {
        let result = try deploy(["prod", "--yes"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("error: blocked by allowed-refs: branch main may not deploy to prod: it takes only tag semver, tag PACKAGE@semver, branch production, branch prod, branch live (the default for a high-safety environment)"), "\(result.stderr)")
        #expect(result.stdout.contains("[gates] fail: allowed-refs:"), "\(result.stdout)")
    }

    @Test("a release tag is allowed: detached HEAD at v1.2.0, and main with v1.2.0 at HEAD")
    func releaseTagIsAllowed() throws {
        try repo.git("tag", "v1.2.0")
        let onMain = try deploy(["prod", "--yes"])
        #expect(onMain.status == 0, "\(onMain.output)")
        try repo.git("checkout", "-q", "v1.2.0")
        let detached = try deploy(["prod", "--yes"])
        #expect(detached.status == 0, "\(detached.output)")
        // A pre-release tag is not a release: it routes to staging, and prod refuses it.
        try repo.git("tag", "v1.3.0-rc.1")
        try repo.git("tag", "-d", "v1.2.0")
        let rc = try deploy(["prod", "--yes"])
        #expect(rc.status == 3, "\(rc.output)")
        #expect(rc.stderr.contains("tag v1.3.0-rc.1 may not deploy to prod"), "\(rc.stderr)")
    }

    @Test("an allow list on the default branch: hotfix/* and v* tags deploy, other branches are refused with the list")
    func configuredAllowList() throws {
        try repo.commit("chore: policy", files: [".deploy.yml": "environments:\n  prod:\n    allow:\n      - {tag: \"v*\"}\n      - {branch: \"hotfix/*\"}\n"])
        try repo.git("switch", "-q", "-c", "hotfix/db")
        #expect(try deploy(["prod", "--yes"]).status == 0)
        try repo.git("switch", "-q", "-c", "feature/x")
        let refused = try deploy(["prod", "--yes"])
        #expect(refused.status == 3, "\(refused.output)")
        #expect(refused.stderr.contains("branch feature/x may not deploy to prod: it takes only tag v*, branch hotfix/* (environments.prod.allow, "), "\(refused.stderr)")
        try repo.git("tag", "v0.1.0")
        let tagged = try deploy(["prod", "--yes"])
        #expect(tagged.status == 0, "\(tagged.output)")
    }

    @Test("a rollback of prod returns to a commit deployed there before, whatever is checked out; --to a commit prod never ran is refused")
    func rollbackToDeployedCommit() throws {
        try repo.commit("chore: handlers", files: [".deploy.yml": "targets:\n  release-workflow:\n    run: [/bin/true]\n  rollback-system:\n    run: [/bin/true]\n"])
        let mainCommit = try repo.head()
        try repo.git("switch", "-q", "-c", "prod")
        try repo.commit("feat: first prod")
        #expect(try deploy(["prod", "--yes"]).status == 0)
        try repo.commit("feat: second prod")
        #expect(try deploy(["prod", "--yes"]).status == 0)
        try repo.git("switch", "-q", "main")
        let rollback = try deploy(["rollback", "prod", "--yes"])
        #expect(rollback.status == 0, "\(rollback.output)")
        let never = try deploy(["rollback", "prod", "--to", mainCommit, "--yes"])
        #expect(never.status == 3, "\(never.output)")
        #expect(never.stderr.contains("blocked by allowed-refs: branch main may not deploy to prod"), "\(never.stderr)")
    }

    @Test("--emergency does not lift allowed-refs")
    func emergencyDoesNotLift() throws {
        let result = try deploy(["prod", "--yes", "--emergency", "db outage"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("blocked by allowed-refs"), "\(result.stderr)")
    }

    @Test("staging takes every ref unless configured; an allow list there refuses the others")
    func stagingDefaultsToEverything() throws {
        try repo.git("switch", "-q", "-c", "feature/y")
        #expect(try deploy(["staging", "--yes"]).status == 0)
        try repo.git("switch", "-q", "main")
        try repo.commit("chore: policy", files: [".deploy.yml": "environments:\n  staging:\n    allow: [{branch: main}]\n"])
        #expect(try deploy(["staging", "--yes"]).status == 0)
        try repo.git("switch", "-q", "feature/y")
        let refused = try deploy(["staging", "--yes"])
        #expect(refused.status == 3, "\(refused.output)")
        #expect(refused.stderr.contains("branch feature/y may not deploy to staging: it takes only branch main"), "\(refused.stderr)")
    }

    @Test("a malformed allow entry is exit 2 naming file, line and key")
    func malformedEntry() throws {
        try repo.write([".deploy.yml": "environments:\n  prod:\n    allow:\n      - {branch: main, tag: v1}\n"])
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".deploy.yml:4: environments.prod.allow"), "\(result.stderr)")
        #expect(result.stderr.contains("either 'branch' or 'tag', not both"), "\(result.stderr)")
    }

    @Test("pre-push (real git push): pushing the prod branch of a commit that prod's allow list refuses is blocked")
    func prePushHonoursAllowList() throws {
        let remote = try sandbox.repository("remote.git", bare: true)
        try repo.commit("chore: policy", files: [".deploy.yml": "environments:\n  prod:\n    allow: [{tag: semver}]\n"])
        try repo.git("remote", "add", "origin", remote.path)
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        let push = try repo.tryGit(["push", "origin", "main:prod"], environment: GitDeployBinary.hookEnvironment)
        #expect(push.status != 0, "\(push.stderr)")
        #expect(push.stderr.contains("push blocked: refs/heads/prod deploys to prod (safety high) and failed: branch prod may not deploy to prod: it takes only tag semver"), "\(push.stderr)")
    }
}
