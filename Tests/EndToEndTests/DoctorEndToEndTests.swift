import Foundation
import Testing
import TestSupport

/// `git deploy doctor` says what is wrong with an installation and how to fix it.
@Suite("doctor, end to end", .tags(.endToEnd))
struct DoctorEndToEndTests {
    @Test("a fresh repository: hooks missing and history not shared are reported with their fixes; installing clears them")
    func findingsAndFixes() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try repo.git("remote", "add", "origin", sandbox.url("remote.git").path)

        let before = try GitDeployBinary.run(["doctor"], in: repo.directory, environment: GitDeployBinary.hookEnvironment)
        #expect(before.status == 0, "\(before.stdout)")
        #expect(before.stdout.contains("pre-push hook: not installed"))
        #expect(before.stdout.contains("fix: git deploy install"))
        // Where deployments are recorded, the README says to share with history --fetch/--push, not the refspec.
        #expect(before.stdout.contains("ok   deployment history sharing: shared with git deploy history --fetch origin --push origin"))
        #expect(before.stdout.contains("libgit2: version 1."))

        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        try repo.git("config", "--add", "remote.origin.fetch", "+refs/notes/deployments:refs/notes/deployments")
        let after = try GitDeployBinary.run(["doctor"], in: repo.directory, environment: GitDeployBinary.hookEnvironment)
        #expect(after.status == 0)
        #expect(!after.stdout.contains("fix:"), "\(after.stdout)")
        #expect(after.stdout.contains("installed and current"))
    }

    @Test("a broken .deploy.yml and a binary missing from PATH fail (exit 2)")
    func failures() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try repo.commit("chore: config", files: [".deploy.yml": "enviroments: {}\n"])
        let result = try GitDeployBinary.run(["doctor"], in: repo.directory, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("FAIL git-deploy on PATH"))
        #expect(result.stdout.contains("FAIL configuration: .deploy.yml:1"))
    }
}
