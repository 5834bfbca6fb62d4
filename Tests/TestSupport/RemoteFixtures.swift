import Foundation

/// The repositories the hook and policy tests push and pull between: a bare `remote.git` and
/// work repositories whose `origin` it is. Built with the `git` CLI, as a user's would be.
extension Sandbox {
    /// A sandbox with a bare `remote.git` and a repository `work` on `main` with one commit (a
    /// README) and `origin` set; nothing pushed, no hooks installed.
    public static func withRemote() throws -> (sandbox: Sandbox, remote: TestRepository, repo: TestRepository) {
        let sandbox = try Sandbox()
        let remote = try sandbox.repository("remote.git", bare: true)
        let repo = try sandbox.repository("work")
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try repo.git("remote", "add", "origin", remote.path)
        return (sandbox, remote, repo)
    }

    /// A pull set-up: `upstream` (no hooks) pushes its first commit to `remote.git`, and `work`
    /// is a `git clone` of it with git-deploy's hooks installed, which later pulls.
    public static func withHookedClone() throws -> (sandbox: Sandbox, remote: TestRepository, upstream: TestRepository, work: TestRepository) {
        let sandbox = try Sandbox()
        let remote = try sandbox.repository("remote.git", bare: true)
        let upstream = try sandbox.repository("upstream")
        try upstream.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try upstream.git("remote", "add", "origin", remote.path)
        try upstream.git("push", "-q", "origin", "main")
        let work = TestRepository(sandbox.url("work"))
        try Runner.run(TestRepository.gitExecutable, ["clone", "-q", remote.path, work.path], in: sandbox.root)
        try work.installHooks()
        return (sandbox, remote, upstream, work)
    }
}

extension TestRepository {
    /// `git deploy install` here, as a user runs it; throws when it fails.
    public func installHooks() throws {
        let install = try GitDeployBinary.run(["install"], in: directory)
        guard install.status == 0 else { throw CommandFailed(command: "git deploy install", result: install) }
    }
}
