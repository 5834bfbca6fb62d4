import Foundation
import Testing
import TestSupport

/// Issue 13 item 5: the ref a CI names in its own variables outranks the checked-out branch and
/// the tags at HEAD; only an environment named on the command line outranks it.
@Suite("decisions: CI refs outrank tags at HEAD", .tags(.endToEnd))
struct DecisionCIRefEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    /// A release line with a tagged tip, checked out detached as a CI runner does.
    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("checkout", "-q", "-b", "release-4.2")
        try repo.commit("fix: on the release line")
        try repo.git("tag", "v4.2.0")
        try repo.git("checkout", "-q", "--detach")
    }

    func explain(_ environment: [String: String], _ arguments: [String] = []) throws -> [String: Any] {
        let result = try GitDeployBinary.run(["explain", "--format", "json"] + arguments, in: repo.directory, environment: environment)
        #expect(result.status == 0, "\(environment): \(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    @Test("a GitLab branch pipeline on a tagged commit deploys the branch (staging), not the tag (prod)")
    func branchPipelineOnTaggedCommit() throws {
        let json = try explain(["CI_COMMIT_BRANCH": "release-4.2", "CI_COMMIT_REF_NAME": "release-4.2"])
        #expect(json["environment"] as? String == "staging")
        #expect(json["branch"] as? String == "release-4.2")
        #expect((json["environment_source"] as? String)?.contains("CI variable CI_COMMIT_BRANCH=release-4.2") == true)
        // Without the CI's word, the tag at HEAD still routes the detached commit.
        #expect(try explain([:])["environment"] as? String == "prod")
    }

    /// Every CI variable read, with the ref it names and the environment that ref routes to.
    static let variables: [([String: String], String, String)] = [
        (["GITHUB_REF": "refs/heads/release-4.2"], "branch", "staging"),
        (["GITHUB_REF": "refs/pull/7/merge", "GITHUB_HEAD_REF": "develop"], "branch", "dev"),
        (["GITHUB_REF": "release-4.2", "GITHUB_REF_TYPE": "branch"], "branch", "staging"),
        (["GITHUB_REF": "v4.2.0", "GITHUB_REF_TYPE": "tag"], "tag", "prod"),
        (["CI_COMMIT_TAG": "v4.2.0", "CI_COMMIT_REF_NAME": "v4.2.0"], "tag", "prod"),
        (["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "develop", "CI_COMMIT_REF_NAME": "release-4.2"], "branch", "dev"),
        (["CI_COMMIT_REF_NAME": "develop"], "branch", "dev"),
        (["TAG_NAME": "v4.2.0", "BRANCH_NAME": "v4.2.0"], "tag", "prod"),
        (["BRANCH_NAME": "develop"], "branch", "dev"),
        (["GIT_BRANCH": "origin/develop"], "branch", "dev"),
        (["BUILD_SOURCEBRANCH": "refs/heads/develop"], "branch", "dev"),
        (["BUILD_SOURCEBRANCH": "refs/tags/v4.2.0"], "tag", "prod"),
        (["BITBUCKET_BRANCH": "develop"], "branch", "dev"),
        (["BITBUCKET_TAG": "v4.2.0"], "tag", "prod"),
        (["BUILDKITE_BRANCH": "develop"], "branch", "dev"),
        (["BUILDKITE_TAG": "v4.2.0"], "tag", "prod"),
        (["CIRCLE_BRANCH": "develop"], "branch", "dev"),
        (["CIRCLE_TAG": "v4.2.0"], "tag", "prod"),
    ]

    @Test("each CI's variables name the ref, over the tag at HEAD", arguments: variables)
    func eachVariable(environment: [String: String], kind: String, expected: String) throws {
        let json = try explain(environment)
        #expect(json["environment"] as? String == expected, "\(environment)")
        if kind == "branch" { #expect(json["branch"] as? String != nil, "\(environment)") }
    }

    @Test("the CI's ref outranks the checked-out branch; an environment on the command line outranks the CI")
    func order() throws {
        try repo.git("checkout", "-q", "-b", "feature/x")
        #expect(try explain(["CIRCLE_TAG": "v4.2.0"])["environment"] as? String == "prod")
        #expect(try explain(["CIRCLE_TAG": "v4.2.0"], ["dev"])["environment"] as? String == "dev")
        let noRoute = try GitDeployBinary.run(["explain"], in: repo.directory, environment: ["BITBUCKET_BRANCH": "feature/y"])
        #expect(noRoute.status == 2)
        #expect(noRoute.stderr.contains("no route for branch feature/y"), "\(noRoute.stderr)")
    }

    @Test("a CI variable Git would refuse as a ref name is still an error naming it (exit 2)")
    func refusedValue() throws {
        for (variable, value) in [("CI_COMMIT_BRANCH", "release..4.2"), ("BUILD_SOURCEBRANCH", "refs/heads/a\nb"), ("TAG_NAME", "v1 .0")] {
            let result = try GitDeployBinary.run(["explain"], in: repo.directory, environment: [variable: value])
            #expect(result.status == 2, "\(variable)")
            #expect(result.stderr.contains("error: CI variable \(variable) ('"), "\(result.stderr)")
        }
    }
}
