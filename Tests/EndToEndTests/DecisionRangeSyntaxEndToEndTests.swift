import Foundation
import Testing
import TestSupport

/// Issue 13 item 6: `--range` takes Git's revision syntax (libgit2's revparse): dotted tag names
/// on either side, `A...B`, `^A B`; errors are worded as Git words them.
@Suite("decisions: --range in Git's revision syntax", .tags(.endToEnd))
struct DecisionRangeSyntaxEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    /// c1 – c2 (v25.0.8) – c3 (release/1.4) – c4 (v25.0.9, feat!) – c5
    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("fix: two")
        try repo.git("tag", "v25.0.8")
        try repo.commit("feat: three", files: ["db/migrations/003.sql": "create table t();\n"])
        try repo.git("branch", "release/1.4")
        try repo.commit("feat!: four")
        try repo.git("tag", "-a", "v25.0.9", "-m", "release")
        try repo.commit("fix: five")
    }

    func scan(_ range: String) throws -> (read: Int?, options: [String]) {
        let result = try GitDeployBinary.run(["explain", "--format", "json", "--range", range], in: repo.directory)
        #expect(result.status == 0, "\(range): \(result.stderr)")
        let json = try GitDeployBinary.json(result)
        let scan = json["scan"] as? [String: Any]
        #expect(scan?["range"] as? String == range)
        return (scan?["commits_read"] as? Int, json["options"] as? [String] ?? [])
    }

    @Test("ranges whose right side has dots or slashes, as git rev-list counts them",
          arguments: [("v25.0.8..v25.0.9", 2), ("HEAD~3..release/1.4", 1), ("HEAD~3..refs/tags/v25.0.9", 2),
                      ("^v25.0.8 HEAD", 3), ("release/1.4...HEAD", 2), ("v25.0.8..", 3), ("v25.0.9", 4)])
    func counts(range: String, expected: Int) throws {
        #expect(try scan(range).read == expected)
        let git = try repo.git(["rev-list", "--count"] + range.split(separator: " ").map(String.init))
        #expect(Int(git.trimmingCharacters(in: .whitespacesAndNewlines)) == expected, "git rev-list agrees")
    }

    @Test("the options come from the commits of that range only")
    func optionsOfTheRange() throws {
        let options = try scan("v25.0.8..v25.0.9").options
        #expect(Set(options) == ["--breaking-changes", "--database-migration"])
        #expect(try scan("v25.0.9..HEAD").options == [])
    }

    @Test("an unknown revision or a non-commit is exit 2 in Git's words", arguments: [
        ("nosuch..HEAD", "ambiguous argument 'nosuch..HEAD': unknown revision or path not in the working tree"),
        ("^nosuch HEAD", "ambiguous argument '^nosuch': unknown revision or path not in the working tree"),
        ("HEAD^{tree}..HEAD", "object "),
    ])
    func errors(range: String, message: String) throws {
        let result = try GitDeployBinary.run(["explain", "--range", range], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: --range \(range): \(message)"), "\(result.stderr)")
        #expect(!result.stderr.contains("expected A..B"))
        if range.contains("tree") { #expect(result.stderr.contains("is a tree, not a commit")) }
        #expect(result.stdout.isEmpty)
    }
}
