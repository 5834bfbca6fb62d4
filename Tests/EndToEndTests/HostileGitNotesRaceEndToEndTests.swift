import Foundation
import Testing
import TestSupport

/// Writers racing to create `refs/notes/deployments` (issue 11, item 2): creation is a real
/// compare-and-swap with "absent" as the expected value, checked while holding the ref's lock,
/// so a writer that loses the race re-reads the new tip and merges into it, as later updates do.
///
/// libgit2 1.5 checks that a new ref is absent before it takes `<ref>.lock`; two creators inside
/// that window both printed "Recorded" and history kept one. The window is microseconds wide, so
/// this runs several rounds of eight creators starting at once.
@Suite("hostile Git input: racing creators of the notes ref", .tags(.endToEnd))
struct HostileGitNotesRaceEndToEndTests {
    @Test("8 record processes racing to create refs/notes/deployments all land, round after round")
    func racingCreators() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        for round in 0..<5 {
            if round > 0 { try repo.git("update-ref", "-d", "refs/notes/deployments") }
            #expect(try repo.tryGit(["rev-parse", "--verify", "-q", "refs/notes/deployments"]).status != 0)
            let results = ResultsBox()
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                let result = try? GitDeployBinary.run(
                    ["record", "dev", "--status", "succeeded", "--no-infer", "--id", "race-\(round)-\(index)"], in: repo.directory)
                results.append(result?.status ?? -1, result?.stderr ?? "did not run")
            }
            #expect(results.statuses.allSatisfy { $0 == 0 }, "round \(round): \(results.errors)")
            let history = try GitDeployBinary.run(["history", "--format", "json"], in: repo.directory)
            #expect(history.status == 0, "\(history.stderr)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
            let ids = Set(entries.compactMap { $0["id"] as? String })
            #expect(ids == Set((0..<8).map { "race-\(round)-\($0)" }), "round \(round)")
        }
    }
}
