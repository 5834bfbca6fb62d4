import Foundation
import Testing
import TestSupport

/// Installing the third hook, post-rewrite, under the same rules as pre-push and post-merge, and
/// keeping `.deployment_config` out of `git status` whoever writes it (issue 18).
@Suite("branch updates: post-rewrite install, doctor and the ignored hand-off, end to end", .tags(.endToEnd))
struct BranchUpdateInstallEndToEndTests {
    let sandbox: Sandbox
    let remote: TestRepository
    let repo: TestRepository
    let marker = "# added by git-deploy for its hand-off file (git deploy uninstall removes this and the next line)"

    init() throws {
        (sandbox, remote, repo) = try Sandbox.withRemote()
        try repo.git("push", "-q", "origin", "main")
    }

    var hooks: URL { repo.directory.appendingPathComponent(".git/hooks") }

    func write(_ text: String, hook: String) throws {
        let url = hooks.appendingPathComponent(hook)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func exclude() throws -> String {
        (try? repo.read(".git/info/exclude")) ?? ""
    }

    @Test("install writes all three hooks byte for byte as hooks/ has them; uninstall removes them and its exclude line")
    func installsThreeHooks() throws {
        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(install.status == 0, "\(install.stderr)")
        let projectHooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("hooks")
        for name in ["pre-push", "post-merge", "post-rewrite"] {
            #expect(install.stdout.contains("installed \(hooks.path)/\(name)"))
            let installed = try Data(contentsOf: hooks.appendingPathComponent(name))
            #expect(installed == (try Data(contentsOf: projectHooks.appendingPathComponent(name))), "\(name)")
        }
        #expect(try exclude().contains(marker + "\n/.deployment_config\n"))

        let uninstall = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(!repo.exists(".git/hooks/post-rewrite"))
        #expect(uninstall.stdout.contains("removed /.deployment_config from"))
        #expect(try !exclude().contains(".deployment_config"))
        #expect(try !exclude().contains("git-deploy"))
    }

    @Test("a repository installed before post-rewrite existed: doctor reports it missing, install adds it and upgrades an older one")
    func olderInstallation() throws {
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        try FileManager.default.removeItem(at: hooks.appendingPathComponent("post-rewrite"))

        let doctor = try GitDeployBinary.run(["doctor"], in: repo.directory, environment: GitDeployBinary.hookEnvironment)
        let line = doctor.stdout.split(separator: "\n").first { $0.contains("post-rewrite hook") }
        #expect(line?.hasPrefix("warn") == true, "\(doctor.stdout)")
        #expect(line?.contains("pulls that rebase") == true)
        #expect(doctor.stdout.contains("fix: git deploy install"))

        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(install.stdout.contains("installed \(hooks.path)/post-rewrite"), "\(install.stdout)")
        #expect(install.stdout.contains("up to date \(hooks.path)/pre-push"))
        let after = try GitDeployBinary.run(["doctor"], in: repo.directory, environment: GitDeployBinary.hookEnvironment)
        #expect(after.stdout.contains("ok   post-rewrite hook: installed and current"), "\(after.stdout)")

        try write("#!/bin/sh\nexec git-deploy hook post-rewrite \"$@\"\n", hook: "post-rewrite")
        let upgrade = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(upgrade.stdout.contains("upgraded \(hooks.path)/post-rewrite"), "\(upgrade.stdout)")
    }

    @Test("a foreign post-rewrite: install refuses, --chain runs it first with the same arguments and input, uninstall restores it, --force replaces it")
    func foreignPostRewrite() throws {
        let foreign = "#!/bin/sh\necho \"foreign $1\" >> \"$(git rev-parse --git-dir)/foreign.log\"\ncat >> \"$(git rev-parse --git-dir)/foreign.log\"\n"
        try write(foreign, hook: "post-rewrite")
        let refused = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(hooks.path)/post-rewrite already exists and is not git-deploy's hook"))
        #expect(!repo.exists(".git/hooks/pre-push"), "a refused install installs nothing")

        #expect(try GitDeployBinary.run(["install", "--chain"], in: repo.directory).status == 0)
        #expect(try repo.read(".git/hooks/post-rewrite.local") == foreign)
        let before = try repo.head()
        let amend = try repo.tryGit(["commit", "-q", "--amend", "-m", "chore: amended"], environment: GitDeployBinary.hookEnvironment)
        #expect(amend.status == 0, "\(amend.stderr)")
        #expect(try repo.read(".git/foreign.log") == "foreign amend\n\(before) \(try repo.head())\n")

        let uninstall = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        #expect(uninstall.stdout.contains("restored the chained hook \(hooks.path)/post-rewrite"))
        #expect(try repo.read(".git/hooks/post-rewrite") == foreign)

        let forced = try GitDeployBinary.run(["install", "--force"], in: repo.directory)
        #expect(forced.stdout.contains("replaced \(hooks.path)/post-rewrite (--force)"), "\(forced.stdout)")
    }

    @Test("a first git deploy in a fresh clone, without install, leaves git status empty and adds the exclude line once")
    func firstRunWithoutInstall() throws {
        let clone = TestRepository(sandbox.url("clone"))
        try Runner.run(TestRepository.gitExecutable, ["clone", "-q", remote.path, clone.path], in: sandbox.root)
        let run = try GitDeployBinary.run(["--yes"], in: clone.directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(clone.exists(".deployment_config"))
        #expect(try clone.git("status", "--porcelain").isEmpty)
        #expect(try GitDeployBinary.run(["--yes"], in: clone.directory).status == 0)
        let exclude = try clone.read(".git/info/exclude")
        #expect(exclude.components(separatedBy: "\n/.deployment_config\n").count == 2, "\(exclude)")
        // uninstall without hooks still takes back the line a run added.
        #expect(try GitDeployBinary.run(["uninstall"], in: clone.directory).stdout.contains("removed /.deployment_config"))
        #expect(try !clone.read(".git/info/exclude").contains(".deployment_config"))
    }

    @Test("a line the user wrote (or an older git-deploy, without the marker) is kept by install and uninstall")
    func userLineKept() throws {
        let own = "# mine\n/.deployment_config\n"
        try Data(own.utf8).write(to: repo.directory.appendingPathComponent(".git/info/exclude"))
        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(!install.stdout.contains("exclude"), "\(install.stdout)")
        #expect(try exclude() == own)
        let uninstall = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        #expect(!uninstall.stdout.contains("exclude"), "\(uninstall.stdout)")
        #expect(try exclude() == own)
    }
}
