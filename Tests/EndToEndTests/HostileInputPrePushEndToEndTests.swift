import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// What the pre-push hook reads on standard input (README "Limits and trust"): one line per
/// pushed ref, each at most 16 KiB, at most 16 MiB in all. Past a cap the push is stopped (exit 2),
/// never passed unchecked: the unread refs might deploy to a high-safety environment.
@Suite("hostile input: pre-push standard input", .tags(.endToEnd))
struct HostileInputPrePushEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository
    let remote: TestRepository
    let zero = String(repeating: "0", count: 40)

    init() throws {
        // The hook stops reading at its cap; our writer then gets EPIPE, as Git does (which
        // ignores SIGPIPE for hooks), instead of this test process being killed.
        signal(SIGPIPE, SIG_IGN)
        sandbox = try Sandbox()
        remote = try sandbox.repository("remote.git", bare: true)
        repo = try sandbox.repository("work")
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try repo.commit("chore: release", files: [".release_config": "RELEASE_VERSION=0.9.0\nRELEASE_MANAGER=ops\n"])
        try repo.git("tag", "-a", "v1.0.0", "-m", "release")
    }

    func hook(_ stdin: String) throws -> ProcessResult {
        try GitDeployBinary.run(["hook", "pre-push", "origin", remote.path], in: repo.directory, stdin: stdin)
    }

    /// `count` feature-branch lines of about `width` bytes each: refs that route nowhere.
    func featureLines(_ count: Int, width: Int = 100) throws -> String {
        let head = try repo.head()
        let padding = String(repeating: "x", count: max(0, width - 110))
        return (0..<count).map { "refs/heads/feature/\(padding)\($0) \(head) refs/heads/feature/\(padding)\($0) \(zero)\n" }.joined()
    }

    @Test("10,000 refs are read whole: a blocked high-safety tag at the end still blocks the push (exit 3)")
    func tenThousandRefs() throws {
        let tag = "refs/tags/v1.0.0 \(try repo.revParse("v1.0.0")) refs/tags/v1.0.0 \(zero)\n"
        let result = try hook(try featureLines(10_000) + tag)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("push blocked: refs/tags/v1.0.0 deploys to prod"), "\(result.stderr)")
    }

    @Test("more than 16 MiB of pre-push input stops the push with exit 2, even when every line routes nowhere")
    func oversizedInput() throws {
        let result = try hook(try featureLines(170_000))
        #expect(result.status == 2, "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("error: the pre-push input is larger than 16777216 bytes"), "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("git push --no-verify"))
    }

    @Test("a pre-push line over 16 KiB stops the push with exit 2 naming the line")
    func overlongLine() throws {
        let long = "refs/heads/" + String(repeating: "a", count: 20_000)
        let result = try hook(try featureLines(2) + "\(long) \(try repo.head()) \(long) \(zero)\n")
        #expect(result.status == 2, "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("error: pre-push input line 3 is longer than 16384 bytes"), "\(result.stderr.prefix(500))")
        #expect(result.stderr.count < 1000, "the line is not echoed back")
    }
}
