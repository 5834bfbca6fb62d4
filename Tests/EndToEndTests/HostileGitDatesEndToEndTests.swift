import Foundation
import Testing
import TestSupport

/// Commits and trees made by hand, the way someone crafting hostile history makes them.
enum HostileGit {
    /// Writes a commit object with `tree`, `parents`, both signatures dated `stamp` ("SECONDS ±HHMM",
    /// taken as is) and `message`, with `git hash-object --literally` (which checks nothing), and
    /// returns its id.
    static func commit(in repo: TestRepository, tree: String, parents: [String], stamp: String, message: String) throws -> String {
        var text = "tree \(tree)\n"
        for parent in parents { text += "parent \(parent)\n" }
        text += "author Mallory <mallory@example.com> \(stamp)\ncommitter Mallory <mallory@example.com> \(stamp)\n\n\(message)\n"
        return try repo.git(["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], stdin: text)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A commit on top of HEAD (same tree plus `file`) dated `stamp`, with `main` moved to it.
    @discardableResult
    static func commitOnMain(_ repo: TestRepository, stamp: String, file: String = "src/hostile.txt") throws -> String {
        try repo.write([file: stamp + "\n"])
        try repo.git("add", file)
        let tree = try repo.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines)
        let id = try commit(in: repo, tree: tree, parents: [try repo.head()], stamp: stamp, message: "feat: dated \(stamp)")
        try repo.git("update-ref", "refs/heads/main", id)
        try repo.git("reset", "-q", "--hard", "main")
        return id
    }
}

/// Commit dates Git accepts or stores that do not fit a date type (issue 11, item 1): every
/// command reads such a commit without trapping; a date Git cannot represent reads as
/// 1970-01-01, as `git log` shows it, and one libgit2 cannot parse at all is reported.
@Suite("hostile Git input: commit dates", .tags(.endToEnd))
struct HostileGitDatesEndToEndTests {
    /// Dates libgit2 parses: Int64.max (which `git fsck` accepts), negative, and time-zone
    /// offsets out of any range.
    static let parsedStamps = ["9223372036854775807 +0000", "-5 +0000", "1700000000 +9999", "9223372036854775807 -9999",
                               "-9223372036854775808 +1400"]

    @Test("explain and deploy --dry-run read a commit dated far out of range without crashing", arguments: parsedStamps)
    func explainAndDeploy(stamp: String) throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let hostile = try HostileGit.commitOnMain(repo, stamp: stamp)
        let explain = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory)
        #expect(explain.status == 0, "\(explain.status): \(explain.stderr)")
        #expect(try GitDeployBinary.json(explain)["environment"] as? String == "staging")
        #expect(explain.stdout.contains(hostile))
        let text = try GitDeployBinary.run(["explain", "--range", "HEAD~1..HEAD"], in: repo.directory)
        #expect(text.status == 0, "\(text.status): \(text.stderr)")
        let deploy = try GitDeployBinary.run(["deploy", "--dry-run", "--yes"], in: repo.directory)
        #expect(deploy.status == 0, "\(deploy.status): \(deploy.stderr)")
        #expect(deploy.output.contains("staging"))
    }

    @Test("a committer time past 64 bits (git fsck: badDateOverflow) is reported: exit 2 naming the commit")
    func unparsableTime() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let hostile = try HostileGit.commitOnMain(repo, stamp: "18446744073709551615 +0000")
        for arguments in [["explain"], ["explain", "--format", "json"], ["deploy", "--dry-run", "--yes"]] {
            let result = try GitDeployBinary.run(arguments, in: repo.directory)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("commit \(hostile)"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("invalid Unix timestamp"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("git push of a commit dated Int64.max runs the installed pre-push hook, which routes it")
    func prePush() throws {
        let (sandbox, remote, repo) = try Sandbox.withRemote()
        defer { withExtendedLifetime(sandbox) {} }
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        #expect(try EdgeCase.push(repo, ["-q", "origin", "main"]).status == 0)
        let hostile = try HostileGit.commitOnMain(repo, stamp: "9223372036854775807 +0000")
        let push = try EdgeCase.push(repo, ["-q", "origin", "main"])
        #expect(push.status == 0, "\(push.status): \(push.stderr)")
        #expect(push.stderr.contains("refs/heads/main → staging"), "\(push.stderr)")
        #expect(try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines) == hostile)
        #expect(try repo.read(".deployment_config").contains("DEPLOYMENT_COMMIT='\(hostile)'"))
    }

    @Test("git pull (transfer.fsckObjects=true) of a commit dated Int64.max runs post-merge, which routes it")
    func postMerge() throws {
        let (sandbox, remote, repo) = try Sandbox.withRemote()
        defer { withExtendedLifetime(sandbox) {} }
        try repo.git("push", "-q", "origin", "main")
        let clone = TestRepository(sandbox.url("clone"))
        try EdgeCase.git(["clone", "-q", remote.path, clone.path], in: sandbox.root)
        try clone.git("config", "transfer.fsckObjects", "true")
        #expect(try GitDeployBinary.run(["install"], in: clone.directory).status == 0)
        let hostile = try HostileGit.commitOnMain(repo, stamp: "9223372036854775807 +0000")
        try repo.git("push", "-q", "origin", "main")

        let pull = try clone.tryGit(["pull", "-q", "--no-rebase", "origin", "main"], environment: GitDeployBinary.hookEnvironment)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stderr.contains("main → staging"), "\(pull.stderr)")
        #expect(!pull.stderr.contains("Fatal error"), "\(pull.stderr)")
        #expect(try clone.read(".deployment_config").contains("DEPLOYMENT_COMMIT='\(hostile)'"))
    }
}
