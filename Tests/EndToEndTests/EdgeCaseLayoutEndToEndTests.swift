import Foundation
import Testing
import TestSupport

/// Where the repository and its hooks live (DESIGN §6, §8, §10): bare repositories, submodules,
/// a `core.hooksPath` outside the repository, and a path with spaces and non-ASCII characters.
@Suite("edge cases: bare repositories, submodules, hooks outside, unusual paths", .tags(.endToEnd))
struct EdgeCaseLayoutEndToEndTests {
    let sandbox: Sandbox

    init() throws {
        sandbox = try Sandbox()
    }

    /// A repository with a `.deploy.yml` defining `qa`, and a `k8s/` directory.
    func sourceRepository() throws -> TestRepository {
        let source = try sandbox.repository("source")
        try source.commit("feat: manifests", files: [
            ".deploy.yml": "environments:\n  qa:\n    safety: low\n",
            "k8s/deployment.yaml": "kind: Deployment\n",
        ])
        return source
    }

    @Test("install in a bare mirror, from inside it or through GIT_DIR, writes the hooks into its hooks/ and nothing elsewhere")
    func installInBareRepository() throws {
        let source = try sourceRepository()
        let mirror = TestRepository(sandbox.url("mirror.git"))
        try EdgeCase.git(["clone", "-q", "--mirror", source.path, mirror.path], in: sandbox.root)
        let install = try GitDeployBinary.run(["install"], in: mirror.directory)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("installed \(mirror.path)/hooks/pre-push"))
        #expect(mirror.exists("hooks/pre-push") && mirror.exists("hooks/post-merge"))
        #expect(try mirror.read("info/exclude").contains("/.deployment_config"))
        #expect(!source.exists(".git/hooks/pre-push"))

        // GIT_DIR names the bare repository from somewhere else; that somewhere gets nothing.
        let bare = TestRepository(sandbox.url("bare.git"))
        try EdgeCase.git(["clone", "-q", "--bare", source.path, bare.path], in: sandbox.root)
        let elsewhere = sandbox.url("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let viaGitDir = try GitDeployBinary.run(["install"], in: elsewhere, environment: ["GIT_DIR": bare.path])
        #expect(viaGitDir.status == 0, "\(viaGitDir.stderr)")
        #expect(bare.exists("hooks/pre-push") && bare.exists("hooks/post-merge"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        // Running it again changes nothing.
        let again = try GitDeployBinary.run(["install"], in: elsewhere, environment: ["GIT_DIR": bare.path])
        #expect(again.stdout.contains("up to date"))
    }

    @Test("in a bare repository, explain and a dry-run deploy read .deploy.yml from HEAD's tree and write .deployment_config in the Git directory")
    func deployFromBareRepository() throws {
        let source = try sourceRepository()
        let mirror = TestRepository(sandbox.url("mirror.git"))
        try EdgeCase.git(["clone", "-q", "--mirror", source.path, mirror.path], in: sandbox.root)

        let json = try EdgeCase.explainJSON(in: mirror.directory, ["qa"])  // qa exists only in .deploy.yml
        #expect(json["environment"] as? String == "qa")
        #expect(json["safety_level"] as? String == "low")
        #expect(json["platform"] as? String == "k8s")
        #expect(json["commit"] as? String == (try source.head()))
        #expect(json["branch"] as? String == "main")
        #expect(!mirror.exists(".deployment_config"))  // explain writes nothing

        let deploy = try GitDeployBinary.run(["staging", "--yes", "--dry-run"], in: mirror.directory)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.output.contains("wrote \(mirror.path)/.deployment_config"))
        let values = try EdgeCase.sourced(in: mirror.directory)
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "staging")
        #expect(values["DEPLOYMENT_TYPE"] == "k8s")
        #expect(values["DEPLOYMENT_COMMIT"] == (try source.head()))
        #expect(values["DEPLOYMENT_BRANCH"] == "main")
        // A dry run records nothing.
        #expect(try mirror.tryGit(["rev-parse", "--verify", "-q", "refs/notes/deployments"]).status == 1)
    }

    /// A superproject with one submodule at `k8s` (a repository that itself has a k8s/ directory).
    func superproject() throws -> (superproject: TestRepository, submodule: TestRepository) {
        let library = try sandbox.repository("library")
        try library.commit("feat: library", files: ["k8s/service.yaml": "kind: Service\n", "lib.txt": "1\n"])
        let superproject = try sandbox.repository("super")
        try superproject.commit("chore: initial commit", files: ["README.md": "hello\n"])
        // Git ≥ 2.38.1 refuses file:// submodules unless told otherwise.
        try superproject.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", library.path, "k8s"])
        try superproject.git("commit", "-q", "-m", "chore: add the k8s submodule")
        #expect(try superproject.git("ls-tree", "HEAD", "k8s").hasPrefix("160000 commit "))
        return (superproject, TestRepository(superproject.directory.appendingPathComponent("k8s")))
    }

    @Test("install in a superproject writes only the superproject's hooks; inside the submodule, only the submodule's")
    func installWithSubmodule() throws {
        let (superproject, submodule) = try superproject()
        let install = try GitDeployBinary.run(["install"], in: superproject.directory)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(superproject.exists(".git/hooks/pre-push") && superproject.exists(".git/hooks/post-merge"))
        #expect(!superproject.exists(".git/modules/k8s/hooks/pre-push"))
        #expect(!superproject.exists(".git/modules/k8s/hooks/post-merge"))

        let inside = try GitDeployBinary.run(["install"], in: submodule.directory)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(superproject.exists(".git/modules/k8s/hooks/pre-push"))
        #expect(inside.stdout.contains("\(superproject.path)/.git/modules/k8s/hooks/pre-push"))
    }

    @Test("explain in a superproject ignores a submodule named k8s (another repository's commit, not a k8s/ directory)")
    func explainWithSubmodule() throws {
        let (superproject, submodule) = try superproject()
        let json = try EdgeCase.explainJSON(in: superproject.directory)
        // Decision: the gitlink carries no manifests in this commit's tree, so it is not the
        // k8s/ directory of DESIGN §4; the platform comes from the superproject's own files.
        #expect(json["platform"] as? String == "traditional")
        #expect(json["commit"] as? String == (try superproject.head()))
        #expect(json["options"] as? [String] == [])
        #expect((json["scan"] as? [String: Any])?["commits_read"] as? Int == 2)

        // Inside the submodule git-deploy works on the submodule, whose tree has a real k8s/.
        let inside = try EdgeCase.explainJSON(in: submodule.directory, ["dev"])
        #expect(inside["platform"] as? String == "k8s")
        #expect(inside["commit"] as? String == (try submodule.head()))
    }

    @Test("core.hooksPath outside the repository: install writes there, and a push runs the hook from there")
    func hooksPathOutsideRepository() throws {
        let elsewhere = try Sandbox("git-deploy-hooks")
        let hooks = elsewhere.url("shared hooks").path
        let remote = try sandbox.repository("remote.git", bare: true)
        let repo = try sandbox.repository("work")
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try repo.git("remote", "add", "origin", remote.path)
        try repo.git("config", "core.hooksPath", hooks)

        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("installed \(hooks)/pre-push"))
        #expect(FileManager.default.isExecutableFile(atPath: hooks + "/pre-push"))
        #expect(FileManager.default.isExecutableFile(atPath: hooks + "/post-merge"))
        #expect(!repo.exists(".git/hooks/pre-push"))

        let push = try EdgeCase.push(repo, ["origin", "main"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("git-deploy: refs/heads/main → staging"))
        // The hand-off belongs to the work tree, not to the hooks' folder.
        #expect(try EdgeCase.sourced(in: repo.directory)["DEPLOYMENT_COMMIT"] == (try repo.head()))
        #expect(!FileManager.default.fileExists(atPath: hooks + "/.deployment_config"))

        let uninstall = try GitDeployBinary.run(["uninstall"], in: repo.directory)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(!FileManager.default.fileExists(atPath: hooks + "/pre-push"))
    }

    @Test("a repository path with spaces and non-ASCII characters: install, push and source .deployment_config work")
    func unicodePath() throws {
        let remote = try sandbox.repository("remote ü.git", bare: true)
        let repo = try sandbox.repository("my repo ü 🚀")
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try repo.git("remote", "add", "origin", remote.path)
        let install = try GitDeployBinary.run(["install"], in: repo.directory)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("installed \(repo.path)/.git/hooks/pre-push"))

        try repo.git("tag", "-a", "v1.0.0", "-m", "release")
        let push = try EdgeCase.push(repo, ["origin", "main", "v1.0.0"])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("wrote \(repo.path)/.deployment_config"))
        let values = try EdgeCase.sourced(in: repo.directory)
        #expect(values["DEPLOYMENT_ENVIRONMENT"] == "prod")
        #expect(values["DEPLOYMENT_TAG"] == "v1.0.0")
        #expect(values["DEPLOYMENT_COMMIT"] == (try repo.head()))
        #expect(try repo.git("status", "--porcelain").isEmpty)
        #expect(try remote.revParse("refs/heads/main") == (try repo.head()))
    }
}
