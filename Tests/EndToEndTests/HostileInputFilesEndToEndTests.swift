import Foundation
import Testing
import TestSupport

/// Repository files someone else committed (README "Limits and trust"): `.deploy.yml`,
/// `.release_config` and `config/*.yml` are read only as regular files inside the work tree (or
/// the commit), never through a symlink, never past their size cap, and an error about them never
/// reprints what a link pointed at.
@Suite("hostile input: symlinked and oversized repository files", .tags(.endToEnd))
struct HostileInputFilesEndToEndTests {
    static let secret = "SECRET_TOKEN=hunter2xyz"

    let sandbox: Sandbox
    let repo: TestRepository
    /// A file outside the work tree holding the fake secret, and a folder holding config files.
    let secretFile: String
    let outsideFolder: String

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        secretFile = sandbox.url("outside/credentials").path
        outsideFolder = sandbox.url("outside/etc").path
        try FileManager.default.createDirectory(atPath: outsideFolder, withIntermediateDirectories: true)
        try Data((Self.secret + "\n").utf8).write(to: URL(fileURLWithPath: secretFile))
        try Data("token: hunter2xyz\n".utf8).write(to: URL(fileURLWithPath: outsideFolder + "/base.yml"))
    }

    /// Commits a symlink at `relative` pointing at `target`.
    func commitLink(_ relative: String, to target: String) throws {
        let path = repo.directory.appendingPathComponent(relative).path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "chore: link \(relative)")
    }

    /// Exit 2, an error naming `file` as a symbolic link, and no trace of the secret anywhere.
    func expectRefused(_ result: ProcessResult, naming file: String) {
        #expect(result.status == 2, "\(result.status): \(result.output)")
        #expect(result.stderr.contains("error: \(file) is a symbolic link"), "\(result.stderr)")
        #expect(!result.output.contains("hunter2xyz"), "the secret leaked: \(result.output)")
    }

    @Test("a committed .deploy.yml linking to a credentials file: exit 2 naming it, the secret never printed")
    func deployConfigLink() throws {
        try commitLink(".deploy.yml", to: secretFile)
        expectRefused(try GitDeployBinary.run(["explain", "staging"], in: repo.directory), naming: ".deploy.yml")
        expectRefused(try GitDeployBinary.run(["config"], in: repo.directory), naming: ".deploy.yml")
    }

    @Test("a .deploy.yml linking to /proc/self/environ does not print the process environment")
    func environLink() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/environ") else { return }
        try commitLink(".deploy.yml", to: "/proc/self/environ")
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory, environment: ["CI_JOB_TOKEN": "hunter2xyz"])
        expectRefused(result, naming: ".deploy.yml")
    }

    @Test("a committed .release_config linking to ~/.git-credentials: exit 2 naming it, the token never printed")
    func releaseConfigLink() throws {
        try Data("https://ci:hunter2xyz@git.example.com\n".utf8).write(to: URL(fileURLWithPath: secretFile))
        try commitLink(".release_config", to: secretFile)
        expectRefused(try GitDeployBinary.run(["explain", "staging"], in: repo.directory), naming: ".release_config")
    }

    @Test("config/ linking to a folder outside, or config/local.yml to a file outside: the deployment stops, nothing is merged")
    func appConfigLinks() throws {
        try repo.commit("chore: handler", files: [".deploy.yml": "targets:\n  direct-deployment:\n    run: [cat, config-was-read]\n"])
        try commitLink("config", to: outsideFolder)
        let folder = try GitDeployBinary.run(["staging", "--yes"], in: repo.directory)
        #expect(folder.status == 2, "\(folder.output)")
        #expect(folder.stderr.contains("error: config (on the way to config/base.yml) is a symbolic link"), "\(folder.stderr)")
        #expect(!folder.output.contains("hunter2xyz"))

        try repo.git("rm", "-q", "config")
        try repo.write(["config/base.yml": "name: app\n"])
        try commitLink("config/local.yml", to: secretFile)
        expectRefused(try GitDeployBinary.run(["staging", "--yes"], in: repo.directory), naming: "config/local.yml")
    }

    @Test("in a bare repository, symlink entries (mode 120000) in HEAD's tree are refused, not taken for absent files")
    func linksInCommitTree() throws {
        try commitLink(".deploy.yml", to: secretFile)
        let bare = TestRepository(sandbox.url("bare.git"))
        try EdgeCase.git(["clone", "-q", "--bare", repo.path, bare.path], in: sandbox.root)
        let short = String(try bare.head().prefix(7))
        expectRefused(try GitDeployBinary.run(["explain", "staging"], in: bare.directory), naming: "\(short):.deploy.yml")

        try repo.git("rm", "-q", ".deploy.yml")
        try commitLink(".release_config", to: secretFile)
        try EdgeCase.git(["fetch", "-q", repo.path, "+main:main"], in: bare.directory)
        let newShort = String(try bare.head().prefix(7))
        expectRefused(try GitDeployBinary.run(["explain", "staging"], in: bare.directory), naming: "\(newShort):.release_config")
    }

    @Test("a .release_config over 64 KiB is refused unread, in the work tree and in a commit")
    func oversizedReleaseConfig() throws {
        let big = String(repeating: "# padding padding padding padding padding padding padding\n", count: 2000) + "RELEASE_VERSION=1.2.3\n"
        try repo.commit("chore: big release config", files: [".release_config": big])
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: .release_config is \(big.utf8.count) bytes; git-deploy reads at most 65536 bytes of it"), "\(result.stderr)")

        let bare = TestRepository(sandbox.url("bare.git"))
        try EdgeCase.git(["clone", "-q", "--bare", repo.path, bare.path], in: sandbox.root)
        let inCommit = try GitDeployBinary.run(["explain", "staging"], in: bare.directory)
        #expect(inCommit.status == 2, "\(inCommit.output)")
        #expect(inCommit.stderr.contains(":.release_config is \(big.utf8.count) bytes; git-deploy reads at most 65536 bytes"), "\(inCommit.stderr)")
    }

    @Test("a .deploy.yml over 1 MiB is refused unread")
    func oversizedDeployConfig() throws {
        try repo.write([".deploy.yml": String(repeating: "# comment\n", count: 110_000)])
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: .deploy.yml is 1100000 bytes; git-deploy reads at most 1048576 bytes of it"), "\(result.stderr)")
    }

    @Test(".release_config: RELEASE_MANAGER=~root and a NUL byte are refused naming the line; quoted '~root' is a literal",
          arguments: [("RELEASE_MANAGER=~root\n", "line 1: unquoted '~'"),
                      ("RELEASE_VERSION=1.0\nRELEASE_PATH=/opt:~deploy\n", "line 2: unquoted '~'"),
                      ("RELEASE_VERSION=1.0\u{0}evil\n", "line 1: a NUL byte (\\x00)"),
                      ("RELEASE_VERSION=1.0\nRELEASE_MANAGER='ro\u{0}ot'\n", "line 2: a NUL byte (\\x00)")])
    func releaseConfigShellTraps(content: String, message: String) throws {
        try repo.commit("chore: release config", files: [".release_config": content])
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: .release_config:\(message.replacingOccurrences(of: "line ", with: ""))"), "\(result.stderr)")
    }

    @Test("a quoted '~root' in .release_config is the literal text")
    func quotedTilde() throws {
        try repo.commit("chore: release config", files: [".release_config": "RELEASE_MANAGER='~root'\nRELEASE_VERSION=2.0.0\n"])
        let json = try EdgeCase.explainJSON(in: repo.directory, ["staging"])
        let release = json["release"] as? [String: Any]
        #expect(release?["manager"] as? String == "~root")
    }
}

extension HostileInputFilesEndToEndTests {
    @Test("a .deploy.yml with a control character: the error names file and line and does not quote the file")
    func yamlReaderError() throws {
        try repo.commit("chore: config", files: [".deploy.yml": "environments:\n  qa: {safety: low}\n# \u{7} \(Self.secret)\n"])
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: .deploy.yml:3: invalid YAML: control characters are not allowed"), "\(result.stderr)")
        #expect(!result.output.contains("hunter2xyz"), "\(result.output)")
    }
}

extension HostileInputFilesEndToEndTests {
    @Test("a template.yaml over 8 MiB is not inflated for platform detection: exit 2 naming it")
    func oversizedInspectedFile() throws {
        let size = 9 << 20
        try repo.commit("chore: huge template", files: ["template.yaml": String(repeating: "#\n", count: size / 2)])
        let short = String(try repo.head().prefix(7))
        let result = try GitDeployBinary.run(["explain", "staging"], in: repo.directory)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("error: \(short):template.yaml is \(size) bytes; git-deploy reads at most 8388608 bytes"), "\(result.stderr)")
    }
}
