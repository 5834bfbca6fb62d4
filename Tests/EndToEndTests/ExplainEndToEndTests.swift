import Foundation
import Testing
import TestSupport

/// `git deploy explain` driven as a user runs it: the built binary in real repositories.
@Suite("explain, end to end", .tags(.endToEnd))
struct ExplainEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    func explainJSON(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> [String: Any] {
        let result = try GitDeployBinary.run(["explain", "--format", "json"] + arguments, in: repo.directory, environment: environment)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    @Test("a release/2.0 branch routes to staging")
    func releaseBranchIsStaging() throws {
        try repo.git("checkout", "-q", "-b", "release/2.0")
        let json = try explainJSON()
        #expect(json["environment"] as? String == "staging")
        #expect(json["environment_source"] as? String == "branch release/2.0 matched release/*")
        #expect(json["safety_level"] as? String == "medium")
        #expect(json["branch"] as? String == "release/2.0")
        #expect(json["commit"] as? String == (try repo.head()))
    }

    @Test("a detached HEAD tagged v1.2.3 routes to prod and the release workflow")
    func releaseTagIsProd() throws {
        try repo.git("tag", "-a", "v1.2.3", "-m", "release 1.2.3")
        try repo.git("checkout", "-q", "--detach", "v1.2.3")
        let json = try explainJSON()
        #expect(json["environment"] as? String == "prod")
        #expect(json["tag"] as? String == "v1.2.3")
        #expect(json["target"] as? String == "release-workflow")
        #expect(json["rule"] as? Int == 3)
        #expect(json["branch"] is NSNull)
    }

    @Test("a detached HEAD tagged v1.3.0-rc.1 routes to staging")
    func preReleaseTagIsStaging() throws {
        try repo.git("tag", "v1.3.0-rc.1")
        try repo.git("checkout", "-q", "--detach", "HEAD")
        let json = try explainJSON()
        #expect(json["environment"] as? String == "staging")
        #expect(json["tag"] as? String == "v1.3.0-rc.1")
        #expect((json["environment_source"] as? String)?.contains("semver-prerelease") == true)
    }

    @Test("a feature branch has no route: exit 2 naming the branch and how to name an environment")
    func featureBranchHasNoRoute() throws {
        try repo.git("checkout", "-q", "-b", "feature/x")
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("branch feature/x"))
        #expect(result.stderr.contains("--env"))
        #expect(result.stdout.isEmpty)
    }

    @Test("an explicit environment routes a branch that has no route")
    func explicitEnvironmentOverridesRef() throws {
        try repo.git("checkout", "-q", "-b", "feature/x")
        let json = try explainJSON(["dev"])
        #expect(json["environment"] as? String == "dev")
        #expect(json["target"] as? String == "direct-deployment")
        let aliased = try explainJSON(["--env", "production"])
        #expect(aliased["environment"] as? String == "prod")
    }

    @Test("a misspelt environment exits 2 and suggests the nearest name")
    func unknownEnvironmentSuggests() throws {
        let result = try GitDeployBinary.run(["explain", "--env", "prdo"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown environment 'prdo'"))
        #expect(result.stderr.contains("did you mean 'prod'"))
    }

    @Test("outside a repository exits 2")
    func outsideRepository() throws {
        let outside = sandbox.url("not-a-repo")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let result = try GitDeployBinary.run(["explain"], in: outside, environment: ["GIT_CEILING_DIRECTORIES": sandbox.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a git repository"))
    }

    @Test("a k8s/ directory makes the platform k8s, with its capabilities")
    func kubernetesPlatform() throws {
        try repo.commit("feat: manifests", files: ["k8s/deployment.yaml": "kind: Deployment\n"])
        let json = try explainJSON()
        #expect(json["platform"] as? String == "k8s")
        #expect(json["platform_source"] as? String == "k8s/ directory")
        #expect(json["capabilities"] as? [String] == ["container", "orchestration", "scaling", "rolling-updates"])
        #expect(json["complexity_score"] as? Int == 3)
    }

    @Test("--format json prints one object with every schema-1 field")
    func jsonHasEverySchemaField() throws {
        let result = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 1)
        let json = try GitDeployBinary.json(result)
        let fields = ["schema", "environment", "environment_source", "safety_level", "platform", "platform_source",
                      "capabilities", "options", "option_evidence", "complexity", "complexity_score", "mode",
                      "routing_key", "target", "rule", "trace", "pipeline", "commit", "branch", "tag", "release"]
        for field in fields {
            #expect(json.keys.contains(field), "missing \(field)")
        }
        #expect(json["schema"] as? Int == 1)
        #expect(json["routing_key"] as? String == "staging,simple,standard")
        let release = json["release"] as? [String: Any]
        #expect(release?["mode"] as? String == "new")
        #expect(release?["version"] as? String == "0.1.0")
        let trace = json["trace"] as? [[String: Any]]
        #expect(trace?.last?["matched"] as? Bool == true)
    }

    @Test("usage errors exit 64")
    func usageError() throws {
        let result = try GitDeployBinary.run(["explain", "--type", "mainframe"], in: repo.directory)
        #expect(result.status == 64)
        let unknownFlag = try GitDeployBinary.run(["explain", "--no-such-flag"], in: repo.directory)
        #expect(unknownFlag.status == 64)
    }

    @Test("text output has the analysis and decision, and no colour when not on a terminal")
    func textOutput() throws {
        try repo.git("checkout", "-q", "-b", "develop")
        let result = try GitDeployBinary.run(["explain", "--multi-service"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Routing analysis"))
        #expect(result.stdout.contains("dev,medium,standard"))
        #expect(result.stdout.contains("direct-deployment"))
        #expect(result.stdout.contains("--multi-service"))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test("the next release version is the patch after the nearest release tag in HEAD's history")
    func releaseVersionFromTags() throws {
        try repo.git("tag", "v1.4.2")
        try repo.git("checkout", "-q", "-b", "other")
        try repo.commit("feat: elsewhere")
        try repo.git("tag", "v9.0.0")  // not in main's history
        try repo.git("checkout", "-q", "main")
        try repo.commit("fix: something")
        try repo.git("tag", "v1.5.0-rc.1")  // a pre-release is not a release
        let json = try explainJSON()
        let release = json["release"] as? [String: Any]
        #expect(release?["version"] as? String == "1.4.3")
        #expect(release?["source"] as? String == "next patch after tag v1.4.2")
    }

    @Test(".release_config is read as data: a command substitution is an error naming the line, and nothing runs")
    func hostileReleaseConfig() throws {
        let marker = sandbox.url("pwned").path
        try repo.write([".release_config": "# release\nRELEASE_VERSION=1.2.3\nRELEASE_MANAGER=\"$(touch \(marker))\"\n"])
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".release_config:3"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        try repo.write([".release_config": "RELEASE_VERSION='1.2.3'\nexport RELEASE_MANAGER='Ada `x` Lovelace'\n"])
        let json = try explainJSON()
        let release = json["release"] as? [String: Any]
        #expect(release?["mode"] as? String == "continue")
        #expect(release?["manager"] as? String == "Ada `x` Lovelace")
    }

    @Test("CI variables name the ref when HEAD is detached")
    func ciVariables() throws {
        try repo.git("checkout", "-q", "--detach", "HEAD")
        let cases: [([String: String], String)] = [
            (["GITHUB_REF": "refs/tags/v2.0.0"], "prod"),
            (["CI_COMMIT_REF_NAME": "develop"], "dev"),
            (["CI_COMMIT_TAG": "v2.0.0-beta.1", "CI_COMMIT_REF_NAME": "v2.0.0-beta.1"], "staging"),
            (["BUILDKITE_BRANCH": "main"], "staging"),
            (["CIRCLE_TAG": "3.1.4"], "prod"),
            (["GIT_BRANCH": "origin/production"], "prod"),
        ]
        for (variables, expected) in cases {
            let json = try explainJSON(environment: variables)
            #expect(json["environment"] as? String == expected, "\(variables)")
        }
        let none = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(none.status == 2)
        #expect(none.stderr.contains("detached"))
    }

    @Test("an unborn branch still routes by its name")
    func unbornBranch() throws {
        let fresh = try sandbox.repository("fresh")
        let result = try GitDeployBinary.run(["explain", "--format", "json"], in: fresh.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try GitDeployBinary.json(result)
        #expect(json["environment"] as? String == "staging")
        #expect(json["commit"] is NSNull)
    }

    @Test("a corrupt HEAD is a clear error, not a crash")
    func corruptHead() throws {
        try Data("ref: refs/heads/\u{0}garbage\n".utf8).write(to: repo.directory.appendingPathComponent(".git/HEAD"))
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error:"))
    }

    @Test("a hostile branch name is only data")
    func hostileBranchName() throws {
        // Git forbids spaces in ref names, so ${IFS} stands for one, as an attacker would write it.
        let name = "release/$(touch${IFS}ran)`touch${IFS}ran2`"
        try repo.git("checkout", "-q", "-b", name)
        let json = try explainJSON()
        #expect(json["branch"] as? String == name)
        #expect(json["environment"] as? String == "staging")
        #expect(!repo.exists("ran") && !repo.exists("ran2"))
    }
}
