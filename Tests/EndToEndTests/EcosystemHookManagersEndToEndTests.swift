import Foundation
import Testing
import TestSupport

/// git-deploy under the hook managers people already use: pre-commit (its `.pre-commit-hooks.yaml`),
/// lefthook (examples/lefthook) and husky (`install` says how to chain, and that works), each
/// exercised with a real `git push`.
@Suite("hook managers", .tags(.endToEnd))
struct EcosystemHookManagersEndToEndTests {
    /// A repository on `main` with one commit and a bare remote `origin`.
    static func pushable() throws -> (Sandbox, TestRepository) {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        _ = try sandbox.repository("origin.git", bare: true)
        try repo.git("remote", "add", "origin", sandbox.url("origin.git").path)
        return (sandbox, repo)
    }

    static func push(_ repo: TestRepository, _ refs: [String], extraPath: String = "") throws -> ProcessResult {
        try repo.tryGit(["push", "-q", "origin"] + refs,
                        environment: ["PATH": extraPath + GitDeployBinary.pathWithBinary])
    }

    @Test("pre-commit runs git-deploy's pre-push and post-merge hooks from .pre-commit-hooks.yaml",
          .enabled(if: PyPITools.enabled("pre-commit"), "needs pre-commit: \(PyPITools.installHint)"))
    func preCommit() throws {
        let preCommit = try PyPITools.require("pre-commit")
        let (sandbox, repo) = try Self.pushable()
        // The hook repository as pre-commit clones it: this checkout's manifest and adapters at a tag.
        let hooks = try sandbox.repository("git-deploy-hooks")
        try FileManager.default.createDirectory(at: hooks.directory.appendingPathComponent("hooks"), withIntermediateDirectories: true)
        for file in [".pre-commit-hooks.yaml", "hooks/pre-commit"] {
            let result = try Runner.run("/bin/cp", ["-R", Ecosystem.source(file).path, hooks.directory.appendingPathComponent(file).path], in: sandbox.root)
            #expect(result.status == 0)
        }
        try hooks.commit("hooks", files: [:])
        try hooks.git("tag", "v0.1.0")
        try Ecosystem.copyExample("pre-commit", into: repo.directory)
        let config = try repo.read(".pre-commit-config.yaml")
            .replacing(/repo: \S+/, with: "repo: \(hooks.path)")
        try repo.commit("chore: pre-commit", files: [".pre-commit-config.yaml": config])
        let environment = ["PRE_COMMIT_HOME": sandbox.url("pre-commit-cache").path, "PATH": GitDeployBinary.pathWithBinary]
        let install = try Ecosystem.run(preCommit, ["install"], in: repo.directory, environment: environment)
        #expect(install.status == 0, "\(install.output)")
        #expect(install.stdout.contains("pre-push") && install.stdout.contains("post-merge"), "\(install.stdout)")

        var result = try repo.tryGit(["push", "origin", "main"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("git-deploy: refs/heads/main → staging (safety medium) via direct-deployment"), "\(result.output)")
        #expect(try repo.read(".deployment_config").contains("DEPLOYMENT_ENVIRONMENT='staging'"))

        // A push to prod whose checks fail is blocked through pre-commit too.
        try repo.commit("chore: release", files: [".release_config": "RELEASE_VERSION=0.9.0\n"])
        try repo.git("tag", "v1.0.0")
        result = try repo.tryGit(["push", "origin", "v1.0.0"], environment: environment)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("push blocked"), "\(result.output)")
        #expect(try repo.tryGit(["ls-remote", "--tags", "origin"]).stdout.isEmpty)

        // post-merge: a merge into main routes main again.
        try repo.git("switch", "-q", "-c", "topic")
        try repo.commit("feat: topic")
        try repo.git("switch", "-q", "main")
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent(".deployment_config"))
        result = try repo.tryGit(["merge", "-q", "--no-ff", "-m", "merge topic", "topic"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(repo.exists(".deployment_config"), "\(result.output)")
    }

    @Test("lefthook runs git-deploy's hooks as examples/lefthook/lefthook.yml says",
          .enabled(if: PyPITools.enabled("lefthook"), "needs lefthook: \(PyPITools.installHint)"))
    func lefthook() throws {
        let lefthook = try PyPITools.require("lefthook")
        let (sandbox, repo) = try Self.pushable()
        try Ecosystem.copyExample("lefthook", into: repo.directory)
        try repo.commit("chore: lefthook", files: [:])
        let bin = URL(fileURLWithPath: lefthook).deletingLastPathComponent().path
        let environment = ["PATH": bin + ":" + GitDeployBinary.pathWithBinary]
        let install = try Ecosystem.run(lefthook, ["install"], in: repo.directory, environment: environment)
        #expect(install.status == 0, "\(install.output)")
        // git deploy install now names lefthook and points at its configuration.
        let ours = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(ours.status == 2)
        #expect(ours.stderr.contains("(it runs lefthook)") && ours.stderr.contains("add git-deploy to lefthook.yml"), "\(ours.stderr)")

        let result = try repo.tryGit(["push", "origin", "main"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("git-deploy: refs/heads/main → staging (safety medium) via direct-deployment"), "\(result.output)")
        _ = sandbox
    }

    @Test("install under husky says how to chain, and doing so routes the push")
    func husky() throws {
        let (sandbox, repo) = try Self.pushable()
        defer { withExtendedLifetime(sandbox) {} }
        try repo.git("config", "core.hooksPath", ".husky/_")
        // husky v9's generated hook runs the user's .husky/<hook> with Git's arguments and input.
        try repo.write([".husky/_/pre-push": "#!/bin/sh\nexec sh -e .husky/pre-push \"$@\"\n"])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.directory.appendingPathComponent(".husky/_/pre-push").path)
        let result = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is managed by husky"), "\(result.stderr)")
        #expect(result.stderr.contains("add the line 'git-deploy hook pre-push \"$@\"' to .husky/pre-push"), "\(result.stderr)")
        #expect(!repo.exists(".husky/_/post-merge"), "nothing written")

        try repo.write([".husky/pre-push": "git-deploy hook pre-push \"$@\"\n"])
        let push = try Self.push(repo, ["main"])
        #expect(push.status == 0, "\(push.output)")
        #expect(push.output.contains("git-deploy: refs/heads/main → staging"), "\(push.output)")
    }

    @Test("uninstall takes back the exclude line install added, and nothing else")
    func uninstallExcludeLine() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let exclude = repo.directory.appendingPathComponent(".git/info/exclude")
        let before = try String(contentsOf: exclude, encoding: .utf8) + "*.local\n"
        try before.write(to: exclude, atomically: true, encoding: .utf8)
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        #expect(try String(contentsOf: exclude, encoding: .utf8).contains("/.deployment_config\n"))
        let result = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("removed /.deployment_config from \(exclude.path)"), "\(result.stdout)")
        #expect(try String(contentsOf: exclude, encoding: .utf8) == before)
    }
}
