import Foundation
import Testing
import TestSupport

/// Issue 13 item 10: breaking-change notes as conventional-commits-parser reads them — a
/// bulleted `* BREAKING CHANGE:` of a squash merge counts — keeping the Conventional Commits
/// specification's cases (the keyword in upper case).
@Suite("decisions: breaking-change notes as parsers read them", .tags(.endToEnd))
struct DecisionBreakingNotesEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git("tag", "v1.2.0")
    }

    @Test("notes that imply --breaking-changes and a major version", arguments: [
        "feat: squash of #12 (#12)\n\n* feat: new auth\n\n* BREAKING CHANGE: tokens from v1 are refused\n\n* fix: typo",
        "feat: squash (#13)\n\n  * BREAKING-CHANGE: config file renamed",
        "fix: x\n\nBREAKING CHANGE: the spec's footer",
        "fix: x\n\nBREAKING-CHANGE: the spec's synonym",
        "feat(api)!: the spec's subject marker",
        "refactor: x\n\n| BREAKING CHANGE drops the old flag",
    ])
    func breaking(message: String) throws {
        let commit = try repo.commit(message)
        let json = try DecisionShapes.explain(repo)
        #expect((json["options"] as? [String])?.contains("--breaking-changes") == true, "\(message.debugDescription)")
        let evidence = (json["option_evidence"] as? [[String: Any]])?.first { $0["option"] as? String == "--breaking-changes" }
        #expect(evidence?["commit"] as? String == commit)
        #expect(DecisionShapes.version(json) == "2.0.0")
    }

    @Test("text that is not a note implies nothing", arguments: [
        "fix: x\n\nbreaking change: lower case is not the keyword",
        "fix: x\n\nBREAKING CHANGES: a different word",
        "fix: x\n\nThis is no BREAKING CHANGE: mid-line",
        "BREAKING CHANGE: only in the subject",
        "fix: x\n\n- BREAKING CHANGE: a dash is not a bullet the parser skips",
    ])
    func notBreaking(message: String) throws {
        try repo.commit(message)
        let json = try DecisionShapes.explain(repo)
        #expect(json["options"] as? [String] == [], "\(message.debugDescription)")
        #expect(DecisionShapes.version(json) == "1.2.1")
    }
}
