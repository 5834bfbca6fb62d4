import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// Hostile inputs to the deployment policy's machinery (issue 14): environment locks whose files
/// another process wrote, and history entries anyone who can push refs/notes/deployments
/// writes. None may make the binary hang, crash or lift a gate.
@Suite("hostile input: environment locks and policy", .tags(.endToEnd))
struct HostilePolicyEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    /// `git deploy ARGS` under timeout(1): a run that hangs is killed after 30 s (exit 137; SIGKILL, as git-deploy handles SIGTERM)
    /// instead of hanging the test suite.
    func runBounded(_ arguments: [String]) throws -> ProcessResult {
        try Runner.run("/usr/bin/timeout", ["-s", "KILL", "30", GitDeployBinary.path] + arguments, in: repo.directory, environment: Runner.environment())
    }

    @Test("a FIFO in place of an environment's lock file: unlock does not wait for a writer")
    func lockFileIsAFIFO() throws {
        let locks = repo.directory.appendingPathComponent(".git/deploy/locks")
        try FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true)
        #expect(mkfifo(locks.appendingPathComponent("dev").path, 0o644) == 0)
        let result = try runBounded(["unlock", "dev", "--reason", "stuck"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("dev is not locked on this machine"), "\(result.output)")
    }

    /// A repository with `records.require-signed` whose dev runs `second` (a signed record), a
    /// child of `first`; the deployer signs with an SSH key this clone trusts.
    func signedRepositoryRunningSecond() throws -> (TestRepository, first: String, second: String) {
        let repo = try PolicyLock.repository(in: sandbox, name: "signed", extraConfig: "records:\n  require-signed: true\n")
        let key = sandbox.url("deployer").path
        let made = try Runner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "deployer", "-f", key], in: sandbox.root)
        #expect(made.status == 0, "\(made.stderr)")
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        // committer@example.com: the committer identity every test process has (Runner.environment).
        try Data("committer@example.com \(publicKey)\n".utf8).write(to: sandbox.url("allowed_signers"))
        try repo.git("config", "gpg.format", "ssh")
        try repo.git("config", "user.signingkey", key)
        try repo.git("config", "gpg.ssh.allowedSignersFile", sandbox.url("allowed_signers").path)
        let first = try repo.commit("feat: first change")
        let second = try repo.commit("feat: second change")
        let deploy = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(deploy.status == 0, "\(deploy.output)")
        return (repo, first, second)
    }

    /// What anyone who can push the notes ref can write: "dev runs `commit` since 2099", unsigned.
    func forgeSuccess(_ repo: TestRepository, number: Int) throws {
        let unrelated = try repo.git("commit-tree", "HEAD^{tree}", "-m", "unrelated \(number)").trimmingCharacters(in: .whitespacesAndNewlines)
        let note = #"[{"schema":1,"id":"deploy-forged-\#(number)","environment":"dev","commit":"\#(unrelated)","status":"succeeded","timestamp":"2099-01-01T00:00:00.000Z"}]"#
        try repo.git("notes", "--ref", "deployments", "add", "-m", note, unrelated)
    }

    @Test("records.require-signed: a forged, unsigned success of an unrelated commit dated 2099 does not lift the outdated gate (exit 3)")
    func forgedFutureSuccessDoesNotLiftOutdated() throws {
        let (repo, first, second) = try signedRepositoryRunningSecond()
        try forgeSuccess(repo, number: 1)
        try repo.git("checkout", "-q", "--detach", first)
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 3, "\(run.output)")
        #expect(run.stderr.contains("blocked by outdated: \(first.prefix(7)) \"feat: first change\" is older than \(second.prefix(7)) \"feat: second change\""),
                "\(run.stderr)")
        #expect(!run.stdout.contains("[dispatch] running"), "\(run.stdout)")
    }

    @Test("records.require-signed: past 100 forged successes in a row the outdated gate cannot tell what runs, and blocks (exit 3)")
    func manyForgedSuccessesBlock() throws {
        let (repo, first, _) = try signedRepositoryRunningSecond()
        for number in 1...100 { try forgeSuccess(repo, number: number) }
        try repo.git("checkout", "-q", "--detach", first)
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 3, "\(run.output)")
        #expect(run.stderr.contains("the newest 100 successful deployments of dev in refs/notes/deployments are unsigned or unverified"), "\(run.stderr)")
        #expect(!run.stdout.contains("[dispatch] running"), "\(run.stdout)")
    }
}
