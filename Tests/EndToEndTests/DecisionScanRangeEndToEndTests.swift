import Foundation
import Testing
import TestSupport

/// Issue 13 item 3: the scan starts at the previous release on the same line, by ancestry (as
/// `git describe --tags --match` finds it); on a main line that has no release tag since the
/// newest release branch forked, at that fork point.
@Suite("decisions: the scan range", .tags(.endToEnd))
struct DecisionScanRangeEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    @Test("main of a project tagging only on release branches scans from the newest release branch's fork point")
    func forkPointOfNewestReleaseBranch() throws {
        let fork = try DecisionShapes.releaseBranchProject(repo, after: 5)
        let json = try DecisionShapes.explain(repo)
        let scan = DecisionShapes.scan(json)
        #expect(scan["commits_read"] as? Int == 5, "\(scan)")
        let range = scan["range"] as? String ?? ""
        #expect(range.hasPrefix(String(fork.prefix(7)) + ".."), "\(range)")
        #expect(range.contains("fork point of release branch release-2.14"), "\(range)")
        #expect(DecisionShapes.version(json) == "2.15.0")
    }

    @Test("the release branches may be remote-tracking only, as in a CI clone")
    func remoteTrackingReleaseBranches() throws {
        let fork = try DecisionShapes.releaseBranchProject(repo, after: 4)
        for branch in ["release-2.13", "release-2.14"] {
            try repo.git("update-ref", "refs/remotes/origin/\(branch)", branch)
            try repo.git("branch", "-q", "-D", branch)
        }
        let scan = DecisionShapes.scan(try DecisionShapes.explain(repo))
        #expect(scan["commits_read"] as? Int == 4)
        #expect((scan["range"] as? String)?.hasPrefix(String(fork.prefix(7))) == true)
    }

    @Test("a release tag on main after the fork point is nearer: the range starts there")
    func tagOnMainIsNearer() throws {
        try DecisionShapes.releaseBranchProject(repo, after: 2)
        try repo.git("tag", "v2.15.0")
        try DecisionShapes.commits(repo, 3)
        let json = try DecisionShapes.explain(repo)
        #expect((DecisionShapes.scan(json)["range"] as? String)?.hasPrefix("v2.15.0..") == true)
        #expect(DecisionShapes.scan(json)["commits_read"] as? Int == 3)
        #expect(DecisionShapes.version(json) == "2.15.1")
    }

    @Test("on a maintenance branch the previous release is the line's own nearest tag")
    func maintenanceLine() throws {
        try DecisionShapes.releaseBranchProject(repo)
        try repo.git("checkout", "-q", "release-2.13")
        try DecisionShapes.commits(repo, 2, "fix: backport more")
        let json = try DecisionShapes.explain(repo)
        #expect((DecisionShapes.scan(json)["range"] as? String)?.hasPrefix("v2.13.1..") == true)
        #expect(DecisionShapes.scan(json)["commits_read"] as? Int == 2)
        #expect(DecisionShapes.version(json) == "2.13.2")
    }

    @Test("the first release cut on a new release branch scans from where the previous release branch left main")
    func firstReleaseOnItsBranch() throws {
        let fork = try DecisionShapes.releaseBranchProject(repo, after: 3)
        try repo.git("checkout", "-q", "-b", "release-2.15")
        try repo.commit("fix: release candidate")
        try repo.git("tag", "v2.15.0-rc1")
        try repo.commit("fix: release prep")
        // A maintenance line without a tag yet: from release-2.14's fork point, version 2.15.0.
        let branch = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(branch) == "2.15.0")
        #expect(DecisionShapes.scan(branch)["commits_read"] as? Int == 5)
        try repo.git("tag", "v2.15.0")
        try repo.git("checkout", "-q", "--detach", "v2.15.0")
        let json = try DecisionShapes.explain(repo)
        #expect(DecisionShapes.version(json) == "2.15.0")
        let scan = DecisionShapes.scan(json)
        // 3 commits on main after release-2.14's fork point, 2 on release-2.15 — not back to v0.8.0.
        #expect(scan["commits_read"] as? Int == 5, "\(scan)")
        #expect((scan["range"] as? String)?.hasPrefix(String(fork.prefix(7)) + "..") == true, "\(scan)")
    }

    @Test("the nearest tag by ancestry wins over a higher version further back")
    func nearestByAncestry() throws {
        try repo.git("tag", "v3.0.0")
        try DecisionShapes.commits(repo, 2)
        try repo.git("tag", "v2.1.0")
        try DecisionShapes.commits(repo, 1)
        let json = try DecisionShapes.explain(repo)
        #expect((DecisionShapes.scan(json)["range"] as? String)?.hasPrefix("v2.1.0..") == true)
        #expect(DecisionShapes.release(json)["previous"] as? String == "v2.1.0")
    }
}
