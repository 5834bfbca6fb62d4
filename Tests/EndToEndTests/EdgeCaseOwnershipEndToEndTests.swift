import Foundation
import Testing
import TestSupport

/// A repository owned by another user (Git's `safe.directory`, Git ≥ 2.35.2): git-deploy refuses
/// exactly when `git status` does, with Git's fix, and works when Git does. The tests run as root
/// and hand the repository to another uid, which Git 2.39 refuses for root too.
@Suite("edge cases: repositories owned by another user (safe.directory)", .tags(.endToEnd),
       .enabled(if: getuid() == 0, "handing a repository to another user needs root"))
struct EdgeCaseOwnershipEndToEndTests {
    static let otherUser = "12345"
    let sandbox: Sandbox
    /// Holds the gitconfig files named by GIT_CONFIG_GLOBAL, outside the repository.
    let configs: Sandbox
    let remote: TestRepository
    let repo: TestRepository
    let head: String

    init() throws {
        sandbox = try Sandbox()
        configs = try Sandbox("git-deploy-config")
        remote = try sandbox.repository("remote.git", bare: true)
        repo = try sandbox.repository("work")
        head = try repo.commit("chore: initial commit", files: ["README.md": "hello\n", "docs/guide.md": "read me\n"])
        try repo.git("remote", "add", "origin", remote.path)
        let chown = try Runner.run("/bin/chown", ["-R", Self.otherUser, repo.path], in: sandbox.root)
        #expect(chown.status == 0, "\(chown.stderr)")
    }

    /// The test environment plus `extra`; SUDO_UID is cleared unless given, since Git (and so
    /// git-deploy) trusts that user's files when root runs it.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["SUDO_UID": ""]
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// A gitconfig with these `safe.directory` values, as GIT_CONFIG_GLOBAL.
    func globalConfig(_ values: [String]) throws -> [String: String] {
        let file = configs.url("gitconfig-\(UUID().uuidString.prefix(6))")
        try Data(("[safe]\n" + values.map { "\tdirectory = \($0)\n" }.joined()).utf8).write(to: file)
        return ["GIT_CONFIG_GLOBAL": file.path]
    }

    @Test("Git refuses the repository, and so does git-deploy: exit 2 naming the directory and Git's safe.directory fix")
    func refusedLikeGit() throws {
        let status = try repo.tryGit(["status"], environment: environment())
        #expect(status.status == 128)
        #expect(status.stderr.contains("detected dubious ownership in repository at '\(repo.path)'"))

        for directory in [repo.directory, repo.directory.appendingPathComponent("docs")] {
            let result = try GitDeployBinary.run(["explain", "--format", "json"], in: directory, environment: environment())
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("error: detected dubious ownership in repository at '\(repo.path)'"), "\(result.stderr)")
            #expect(result.stderr.contains("hint: if you trust it, add an exception as Git does: git config --global --add safe.directory \(repo.path)"))
        }
        let install = try GitDeployBinary.run(["install"], in: repo.directory, environment: environment())
        #expect(install.status == 2)
        #expect(!repo.exists(".git/hooks/pre-push"))
        let doctor = try GitDeployBinary.run(["doctor"], in: repo.directory, environment: environment())
        #expect(doctor.output.contains("dubious ownership in repository at '\(repo.path)'"))
    }

    @Test("with safe.directory in the global config Git reads (GIT_CONFIG_GLOBAL), install, push and the hand-off work", arguments: ["path", "*"])
    func allowedByGlobalConfig(value: String) throws {
        let env = environment(try globalConfig([value == "path" ? repo.path : value]))
        #expect(try repo.tryGit(["status"], environment: env).status == 0)
        let install = try GitDeployBinary.run(["install"], in: repo.directory, environment: env)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(repo.exists(".git/hooks/pre-push"))

        var pushEnvironment = GitDeployBinary.hookEnvironment
        for (key, value) in env { pushEnvironment[key] = value }
        let push = try repo.tryGit(["push", "origin", "main"], environment: pushEnvironment)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("git-deploy: refs/heads/main → staging"))
        #expect(try EdgeCase.sourced(in: repo.directory)["DEPLOYMENT_COMMIT"] == head)
        #expect(try EdgeCase.explainJSON(in: repo.directory, environment: env)["environment"] as? String == "staging")
    }

    @Test("git-deploy applies safe.directory as Git 2.39 does, case by case")
    func sameAnswerAsGit() throws {
        let path = repo.path
        let cases: [(what: String, environment: [String: String], allowed: Bool)] = [
            ("no safe.directory", [:], false),
            ("another directory", try globalConfig(["/elsewhere"]), false),
            ("the path with a trailing slash", try globalConfig([path + "/"]), false),
            ("an empty value after it resets the list", try globalConfig([path, ""]), false),
            ("an empty value before it", try globalConfig(["", path]), true),
            ("GIT_DIR names the repository (Git trusts it, as in every hook)", ["GIT_DIR": path + "/.git"], true),
            ("git -c safe.directory=PATH", ["GIT_CONFIG_PARAMETERS": "'safe.directory'='\(path)'"], true),
            ("root running for the owner through sudo", ["SUDO_UID": Self.otherUser], true),
        ]
        for (what, extra, allowed) in cases {
            let env = environment(extra)
            let git = try repo.tryGit(["status", "--porcelain"], environment: env)
            let deploy = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory, environment: env)
            #expect((git.status == 0) == allowed, "git, \(what): \(git.stderr)")
            #expect((deploy.status == 0) == allowed, "git-deploy, \(what): \(deploy.stderr)")
            if !allowed {
                #expect(deploy.status == 2, "\(what)")
                #expect(deploy.stderr.contains("safe.directory \(path)"), "\(what)")
            }
        }
    }
}
