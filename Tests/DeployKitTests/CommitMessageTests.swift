import DeployCore
import Testing
@testable import DeployKit

@Suite("Conventional Commits and Deploy-Options trailers", .tags(.fast))
struct CommitMessageTests {
    @Test("breaking subjects", arguments: [
        ("feat!: drop v1 API", "subject feat!:"),
        ("feat(api)!: drop v1 API", "subject feat(api)!:"),
        ("refactor(db/core)!: rename", "subject refactor(db/core)!:"),
    ])
    func breakingSubject(message: String, marker: String) {
        #expect(CommitMessage(message).breakingChange == marker)
    }

    @Test("ordinary subjects are not breaking", arguments: ["feat: add", "fix(api): x", "feat!", "feat! : x", "! feat: x", "Merge branch 'x'", ""])
    func notBreaking(message: String) {
        #expect(CommitMessage(message).breakingChange == nil)
    }

    @Test("BREAKING CHANGE footers after a multi-paragraph body, with LF or CRLF")
    func footers() {
        let lf = "feat(api): new thing\n\nFirst paragraph.\n\nSecond paragraph\nwith two lines.\n\nBREAKING CHANGE: the old endpoint is gone\nRefs: #12\n"
        #expect(CommitMessage(lf).breakingChange == "footer BREAKING CHANGE")
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(CommitMessage(crlf).breakingChange == "footer BREAKING CHANGE")
        #expect(CommitMessage("fix: x\n\nBREAKING-CHANGE: y").breakingChange == "footer BREAKING-CHANGE")
    }

    @Test("BREAKING CHANGE in the subject line or in lower case is not a footer")
    func notFooters() {
        #expect(CommitMessage("BREAKING CHANGE: subject only").breakingChange == nil)
        #expect(CommitMessage("fix: x\n\nbreaking change: y").breakingChange == nil)
    }

    @Test("Deploy-Options trailers add known options; unknown words are reported, never run")
    func deployOptionsTrailer() {
        let message = "chore: deploy\n\nBody.\n\nDeploy-Options: --multi-service --database-migration, --ci-cd\ndeploy-options: --frobnicate $(rm -rf ~)\n"
        let parsed = CommitMessage(message)
        #expect(parsed.deployOptions == [.multiService, .databaseMigration, .pipeline])
        #expect(parsed.unknownDeployOptions == ["--frobnicate", "$(rm", "-rf", "~)"])
    }

    @Test("a combining mark after a blank or comma starts a new word, as Git reads bytes")
    func combiningMarkAfterSeparator() {
        let parsed = CommitMessage("chore: deploy\n\nDeploy-Options: --rollback \u{301}x,\u{301}y --pipeline\n")
        #expect(parsed.deployOptions == [.rollback, .pipeline])
        #expect(parsed.unknownDeployOptions == ["\u{301}x", "\u{301}y"])
    }

    @Test("a trailer in the subject paragraph does not count")
    func trailerInSubject() {
        #expect(CommitMessage("Deploy-Options: --rollback").deployOptions.isEmpty)
    }

    @Test("a very large message is handled")
    func largeMessage() {
        let body = String(repeating: "x", count: 10_000_000)
        let parsed = CommitMessage("feat!: big\n\n" + body + "\n\nBREAKING CHANGE: yes")
        #expect(parsed.breakingChange == "subject feat!:")
    }
}
