import Foundation
import Testing
import TestSupport

/// Reference names over 1,024 bytes: Git allows them; libgit2 1.5, through which git-deploy
/// reads references, cannot normalize them ("the provided buffer is too short"). git-deploy
/// says so plainly, naming the reference by its start, and the push itself still goes through.
@Suite("hostile Git input: reference names over 1,024 bytes", .tags(.endToEnd))
struct HostileGitRefNamesEndToEndTests {
    /// "feature/" and five 250-byte components: 1,262 bytes, each component within NAME_MAX.
    static let longBranch = "feature/" + (0..<5).map { _ in String(repeating: "a", count: 250) }.joined(separator: "/")

    @Test("git push of a 1,262-byte branch with the hooks installed goes through")
    func push() throws {
        let (sandbox, remote, repo) = try Sandbox.withRemote()
        defer { withExtendedLifetime(sandbox) {} }
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        try repo.git("checkout", "-q", "-b", Self.longBranch)
        try repo.commit("feat: on a long branch", files: ["src/a.txt": "a\n"])
        let push = try EdgeCase.push(repo, ["-q", "origin", Self.longBranch])
        #expect(push.status == 0, "\(push.status): \(push.stderr.prefix(600))")
        #expect(try remote.git("rev-parse", Self.longBranch).trimmingCharacters(in: .whitespacesAndNewlines) == (try repo.head()))
    }

    @Test("explain on a checked-out 1,262-byte branch: exit 2 saying the name is too long for libgit2, quoting only its start")
    func explain() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        try repo.git("checkout", "-q", "-b", Self.longBranch)
        for arguments in [["explain"], ["explain", "--format", "json"]] {
            let result = try GitDeployBinary.run(arguments, in: repo.directory)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr.prefix(600))")
            #expect(result.stderr.contains("reference 'refs/heads/feature/aaaa"), "\(result.stderr.prefix(600))")
            #expect(result.stderr.contains("is 1273 bytes long") && result.stderr.contains("up to 1024 bytes"), "\(result.stderr.prefix(600))")
            #expect(result.stderr.contains("git branch -m"))
            #expect(result.stderr.utf8.count < 600, "quotes the whole name: \(result.stderr.utf8.count) bytes")
        }
    }
}
