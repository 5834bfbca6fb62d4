import Foundation
import Testing
import TestSupport

/// Many refs (DESIGN §10): 100,000 tags must not change the answer or make it crawl. A
/// correctness guard with a generous time bound, not a benchmark (Benchmarks/ measures speed).
@Suite("edge cases: 100,000 tags", .tags(.endToEnd))
struct EdgeCaseScaleEndToEndTests {
    static let tagCount = 100_000

    @Test("explain on a tagged HEAD among 100,000 tags finds the right tag, environment and version, in well under 20 s")
    func hundredThousandTags() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        let older = try repo.commit("feat: older")
        let head = try repo.commit("feat: newest")

        // packed-refs written directly (sorted, as Git writes it) is how a busy repository keeps
        // its tags, and is seconds faster than 100,000 `git tag`s: v0.0.0 … v0.99.999 on the
        // older commit.
        var names = (0..<Self.tagCount).map { "refs/tags/v0.\($0 / 1000).\($0 % 1000)" }
        names.sort()
        let packed = "# pack-refs with: peeled fully-peeled sorted \n" + names.map { "\(older) \($0)\n" }.joined()
        try Data(packed.utf8).write(to: repo.directory.appendingPathComponent(".git/packed-refs"))
        #expect(try repo.revParse("v0.42.17") == older)
        // At HEAD: a release, its release candidate, and an unrelated tag.
        try repo.git("tag", "-a", "v1.0.0", "-m", "release 1.0.0")
        try repo.git("tag", "v1.0.0-rc.1")
        try repo.git("tag", "nightly")
        #expect(try repo.git("tag", "--list").split(separator: "\n").count == Self.tagCount + 3)

        try repo.git("checkout", "-q", "--detach", "v1.0.0")
        let started = Date()
        let json = try EdgeCase.explainJSON(in: repo.directory)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 20, "explain took \(elapsed) s")
        #expect(json["tag"] as? String == "v1.0.0")
        #expect(json["environment"] as? String == "prod")
        #expect((json["environment_source"] as? String)?.contains("v1.0.0") == true)
        #expect(json["target"] as? String == "release-workflow")
        #expect(json["commit"] as? String == head)
        let release = json["release"] as? [String: Any]
        #expect(release?["version"] as? String == "1.0.0")

        // On a branch one commit later, the next version follows the newest reachable release of
        // the 100,003 tags, compared as versions.
        try repo.git("checkout", "-q", "main")
        try repo.commit("fix: after the release")
        let next = try EdgeCase.explainJSON(in: repo.directory)
        #expect(next["environment"] as? String == "staging")
        #expect(next["tag"] is NSNull)
        #expect((next["release"] as? [String: Any])?["version"] as? String == "1.0.1")
        #expect((next["scan"] as? [String: Any])?["range"] as? String == "v1.0.0..\(String(try repo.head().prefix(7))) (since the previous release tag)")
    }
}
