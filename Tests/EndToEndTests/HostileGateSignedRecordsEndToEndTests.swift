import Foundation
import Testing
import TestSupport

/// Forged deployment notes (issue 11, item 13): anyone who can push `refs/notes/deployments` can
/// write a staging success. With `records.require-signed: true`, entries are written as signed
/// notes commits and `require-promotion-from` counts only entries whose notes commit
/// `git verify-commit` accepts (SSH signing here: `gpg.format ssh`, `gpg.ssh.allowedSignersFile`).
@Suite("hostile input: forged staging successes in refs/notes/deployments", .tags(.endToEnd))
struct HostileGateSignedRecordsEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    let repo: TestRepository
    let attacker: TestRepository

    static func policy(requireSigned: Bool) -> String {
        "environments:\n  prod:\n    require-promotion-from: staging\n" + (requireSigned ? "records:\n  require-signed: true\n" : "")
    }

    init() throws {
        sandbox = try Sandbox()
        remote = try sandbox.repository("remote.git", bare: true)
        repo = try sandbox.repository("work")
        attacker = TestRepository(sandbox.url("attacker"))
        try repo.commit("chore: policy", files: [".deploy.yml": Self.policy(requireSigned: true)])
        // prod takes release tags (allowed-refs): the deployed commit is tagged, as a release is.
        try repo.git("tag", "v1.0.0")
        try repo.git("remote", "add", "origin", remote.path)
        try repo.git("push", "-q", "origin", "main")
        // The deployer's key is the one the deploying machine trusts.
        try sign(repo, with: try key("deployer"))
        try repo.git("config", "gpg.ssh.allowedSignersFile", sandbox.url("allowed_signers").path)
        try Runner.run(TestRepository.gitExecutable, ["clone", "-q", remote.path, attacker.path], in: sandbox.root)
    }

    /// A fresh ed25519 key; the deployer's public key goes into the allowed-signers file.
    func key(_ name: String) throws -> String {
        let path = sandbox.url(name).path
        let made = try Runner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], in: sandbox.root)
        #expect(made.status == 0, "\(made.stderr)")
        if name == "deployer" {
            let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            try Data("deployer@example.com \(publicKey)\n".utf8).write(to: sandbox.url("allowed_signers"))
        }
        return path
    }

    func sign(_ repository: TestRepository, with key: String) throws {
        try repository.git("config", "gpg.format", "ssh")
        try repository.git("config", "user.signingkey", key)
    }

    /// The attacker writes a staging success for the deployed commit and pushes the notes ref;
    /// the deploying clone fetches it, as `git fetch` with the notes refspec would.
    func forgeStagingSuccess(signedWith key: String? = nil) throws {
        try attacker.git("fetch", "-q", "origin")
        let commit = try repo.head()
        let note = #"[{"id":"deploy-forged","environment":"staging","commit":"\#(commit)","status":"succeeded","timestamp":"2026-01-01T00:00:00Z"}]"#
        if let key {
            // Signed, but with a key the deploying machine does not trust.
            try sign(attacker, with: key)
            try attacker.git("notes", "--ref", "deployments", "add", "-m", note, commit)
            let forged = try attacker.revParse("refs/notes/deployments")
            let resigned = try attacker.git("commit-tree", "-S", "\(forged)^{tree}", "-m", "git-deploy: record deploy-forged")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try attacker.git("update-ref", "refs/notes/deployments", resigned)
        } else {
            try attacker.git("notes", "--ref", "deployments", "add", "-m", note, commit)
        }
        try attacker.git("push", "-q", "origin", "refs/notes/deployments")
        try repo.git("fetch", "-q", "origin", "+refs/notes/deployments:refs/notes/deployments")
    }

    @Test("a forged, unsigned staging success does not satisfy require-promotion-from (exit 3, named as unsigned)")
    func unsignedForgeIsRejected() throws {
        try forgeStagingSuccess()
        let result = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("error: blocked by promotion: the commit's successful deployment to staging is unsigned or unverified"), "\(result.stderr)")
        #expect(result.stderr.contains("entry deploy-forged was recorded by notes commit \(try repo.revParse("refs/notes/deployments").prefix(7)), which is not signed"),
                "\(result.stderr)")
    }

    @Test("a forged staging success signed with an untrusted key does not count either")
    func untrustedSignatureIsRejected() throws {
        try forgeStagingSuccess(signedWith: try key("attacker-key"))
        #expect(try repo.tryGit(["cat-file", "-p", "refs/notes/deployments"]).stdout.contains("-----BEGIN SSH SIGNATURE-----"))
        let result = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("entry deploy-forged was recorded by notes commit"), "\(result.stderr)")
        #expect(result.stderr.contains("has no signature git verify-commit accepts"), "\(result.stderr)")
    }

    @Test("a staging success recorded with signing counts, also on top of a forged one; the notes commit verifies with git")
    func signedRecordIsAccepted() throws {
        try forgeStagingSuccess()
        let recorded = try GitDeployBinary.run(["record", "staging", "--status", "succeeded"], in: repo.directory)
        #expect(recorded.status == 0, "\(recorded.output)")
        #expect(try repo.tryGit(["verify-commit", "refs/notes/deployments"]).status == 0)

        let result = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("promotion"), "\(result.output)")
        // The prod record is signed too.
        #expect(try repo.tryGit(["verify-commit", "refs/notes/deployments"]).status == 0)
    }

    @Test("require-signed without a signing key: the record fails saying how to set up signing, and writes nothing")
    func recordWithoutSigningKey() throws {
        try repo.git("config", "--unset", "user.signingkey")
        try repo.git("config", "--unset", "gpg.format")
        let result = try GitDeployBinary.run(["record", "staging", "--status", "succeeded"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: records.require-signed is true, but git could not sign the notes commit"), "\(result.stderr)")
        #expect(result.stderr.contains("hint: set up commit signing as for git commit -S"), "\(result.stderr)")
        #expect(try repo.tryGit(["rev-parse", "--verify", "-q", "refs/notes/deployments"]).status != 0)
    }

    @Test("without records.require-signed nothing changes: the forged success satisfies the gate (the documented trust model)")
    func withoutRequireSignedTheForgeCounts() throws {
        try repo.commit("chore: unsigned history", files: [".deploy.yml": Self.policy(requireSigned: false)])
        try repo.git("tag", "v1.0.1")
        try repo.git("push", "-q", "origin", "main")
        try forgeStagingSuccess()
        let result = try GitDeployBinary.run(["prod", "--yes"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
    }
}
