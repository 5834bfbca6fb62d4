import Foundation
import Testing
import TestSupport

/// `record` finds the previous deployment through `.git/deploy/recent-successes` (remembered per
/// notes commit) instead of reading every note: whatever moved the notes ref since — another
/// tool's note, a fetch that replaced the history, a damaged file — `previous_commit` is what the
/// notes say now.
@Suite("record's previous deployment follows the notes ref, end to end", .tags(.endToEnd))
struct RecentSuccessesEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    /// Records a successful staging deployment of HEAD; returns its `previous_commit` (nil for JSON null).
    func recordStaging() throws -> String? {
        let result = try GitDeployBinary.run(["record", "staging", "--status", "succeeded", "--format", "json"], in: repo.directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        return try GitDeployBinary.json(result)["previous_commit"] as? String
    }

    @Test("another tool's note, a history moved back and a damaged file: previous_commit reads the current notes")
    func previousCommitFollowsTheRef() throws {
        let first = try repo.head()
        #expect(try recordStaging() == nil)
        let afterFirst = try repo.revParse("refs/notes/deployments")
        _ = try repo.commit("second")
        #expect(try recordStaging() == first)
        let remembered = repo.directory.appendingPathComponent(".git/deploy/recent-successes").path
        #expect(FileManager.default.fileExists(atPath: remembered))

        // Another tool writes a newer successful staging deployment on a third commit.
        let third = try repo.commit("third")
        let note = #"[{"id":"by-hand","environment":"staging","commit":"\#(third)","status":"succeeded","timestamp":"2099-01-01T00:00:00Z"}]"#
        try repo.git("notes", "--ref", "deployments", "add", "-f", "-m", note, third)
        _ = try repo.commit("fourth")
        #expect(try recordStaging() == third)

        // A fetch replaced the history with an older one: the entries since are gone.
        try repo.git("update-ref", "refs/notes/deployments", afterFirst)
        _ = try repo.commit("fifth")
        #expect(try recordStaging() == first)

        // A damaged file is read around, not trusted.
        try Data("git-deploy recent-successes 1\nref refs/notes/deployments\ntip \(String(repeating: "0", count: 40))\nentry x\n".utf8)
            .write(to: URL(fileURLWithPath: remembered))
        let fifth = try repo.head()
        _ = try repo.commit("sixth")
        #expect(try recordStaging() == fifth)
    }
}
