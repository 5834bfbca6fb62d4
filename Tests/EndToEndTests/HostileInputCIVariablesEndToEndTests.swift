import Foundation
import Testing
import TestSupport

/// CI variables naming the ref of a detached HEAD (README "Limits and trust"): a value Git would
/// refuse as a ref name (git check-ref-format) is an error naming the variable (exit 2), never
/// part of a branch name that is routed, printed and written to the hand-off file.
@Suite("hostile input: CI variables", .tags(.endToEnd))
struct HostileInputCIVariablesEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("checkout", "-q", "--detach")
    }

    static let cases: [(String, String, String)] = [
        ("GITHUB_REF", "refs/heads/release/1\nDEPLOYMENT_ENVIRONMENT=prod", "it contains a control character (\\n)"),
        ("GITHUB_REF", "refs/heads/release/1\u{1b}[2J", "it contains a control character (\\e)"),
        ("CI_COMMIT_REF_NAME", "release/../main", "it contains '..'"),
        ("CI_COMMIT_TAG", "v1.0.0\r", "it contains a control character (\\r)"),
        ("BUILDKITE_BRANCH", "release/a b", "it contains ' '"),
        ("CIRCLE_TAG", "v1.0.0@{1}", "it contains '@{'"),
        ("GIT_BRANCH", "origin/release/x.lock", "a part of it ends with '.lock'"),
    ]

    @Test("a CI variable Git would refuse as a ref name: exit 2 naming the variable, nothing routed or written",
          arguments: cases)
    func refused(variable: String, value: String, reason: String) throws {
        for arguments in [["explain"], ["explain", "--format", "json"], ["--dry-run", "--yes"]] {
            let result = try GitDeployBinary.run(arguments, in: repo.directory, environment: [variable: value])
            #expect(result.status == 2, "\(arguments) \(variable): \(result.status) \(result.output)")
            #expect(result.stderr.contains("error: CI variable \(variable) ('"), "\(result.stderr)")
            #expect(result.stderr.contains("is not a ref name Git accepts: \(reason)"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            #expect(!result.output.contains("\u{1b}"))
        }
        #expect(!repo.exists(".deployment_config"))
    }

    @Test("well-formed CI variables still route a detached HEAD")
    func accepted() throws {
        let json = try EdgeCase.explainJSON(in: repo.directory, environment: ["GITHUB_REF": "refs/heads/release/1.2"])
        #expect(json["environment"] as? String == "staging")
        #expect(json["branch"] as? String == "release/1.2")
    }
}
