import Foundation
import Testing
import TestSupport

/// Damaged object databases (DESIGN §10): a clear `error:` naming what could not be read, exit 2,
/// and `git fsck` as the way to find out more; never a crash, never a silent default.
@Suite("edge cases: corrupt objects and packs", .tags(.endToEnd))
struct EdgeCaseDamageEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("feat: release context", files: [".release_config": "RELEASE_VERSION=1.2.0\nRELEASE_MANAGER=ops\n",
                                                         "src/app.txt": String(repeating: "line\n", count: 200)])
    }

    /// Replaces the loose object `id` of `repository` with bytes that are not a zlib stream.
    func overwriteLooseObject(_ id: String, in gitDirectory: URL) throws {
        let file = gitDirectory.appendingPathComponent("objects/\(id.prefix(2))/\(id.dropFirst(2))")
        #expect(FileManager.default.fileExists(atPath: file.path), "\(id) is not a loose object")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try Data("this is not a git object\n".utf8).write(to: file)
    }

    /// explain in `directory`, text and JSON, each expected to fail with exit 2 and nothing on stdout.
    func failingExplain(in directory: URL) throws -> [ProcessResult] {
        try [["explain"], ["explain", "--format", "json"]].map { arguments in
            let result = try GitDeployBinary.run(arguments, in: directory)
            // Exactly 2: a crash would be a signal (or exit 1 for an internal fault).
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: "), "\(arguments): \(result.stderr)")
            return result
        }
    }

    @Test("a corrupt loose tree of HEAD: explain exits 2 naming the read that failed, with git fsck as the fix")
    func corruptHeadTree() throws {
        let tree = try repo.revParse("HEAD^{tree}")
        try overwriteLooseObject(tree, in: repo.directory.appendingPathComponent(".git"))
        #expect(try repo.tryGit(["ls-tree", "HEAD"]).status != 0)  // Git cannot read it either
        let short = String(try repo.head().prefix(7))
        for result in try failingExplain(in: repo.directory) {
            // HEAD is main, the default branch: the first read of its tree is the policy's .deploy.yml.
            #expect(result.stderr.contains("error: cannot read \(short):.deploy.yml: failed to inflate loose object"), "\(result.stderr)")
            #expect(result.stderr.contains("hint: the repository's objects look damaged or missing: git fsck"))
        }
    }

    @Test("a corrupt .release_config blob read from the commit: exit 2 naming the file and the commit")
    func corruptReleaseConfigBlob() throws {
        let blob = try repo.revParse("HEAD:.release_config")
        try overwriteLooseObject(blob, in: repo.directory.appendingPathComponent(".git"))
        // Without a work-tree copy, the release context comes from the deployed commit's tree.
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent(".release_config"))
        let short = String(try repo.head().prefix(7))
        for result in try failingExplain(in: repo.directory) {
            #expect(result.stderr.contains("error: cannot read .release_config from commit \(short)"), "\(result.stderr)")
            #expect(result.stderr.contains("git fsck"))
        }
    }

    @Test("a corrupt .deploy.yml blob in a bare repository is an error, not silently the defaults")
    func corruptConfigurationInBareRepository() throws {
        try repo.commit("chore: configuration", files: [".deploy.yml": "environments:\n  qa:\n    safety: low\n"])
        let bare = TestRepository(sandbox.url("bare.git"))
        // --no-hardlinks: the clone's loose objects are its own copies, safe to damage.
        try EdgeCase.git(["clone", "-q", "--bare", "--no-hardlinks", repo.path, bare.path], in: sandbox.root)
        #expect(try EdgeCase.explainJSON(in: bare.directory, ["qa"])["environment"] as? String == "qa")

        try overwriteLooseObject(try bare.revParse("HEAD:.deploy.yml"), in: bare.directory)
        let short = String(try bare.head().prefix(7))
        for result in try failingExplain(in: bare.directory) {
            #expect(result.stderr.contains("error: cannot read \(short):.deploy.yml: failed to inflate loose object"), "\(result.stderr)")
            #expect(result.stderr.contains("git fsck"))
        }
    }

    @Test("a truncated packfile: explain exits 2 naming the object it could not find", arguments: ["half", "trailer"])
    func truncatedPack(cut: String) throws {
        for n in 1...3 { try repo.commit("fix: more \(n)", files: ["src/\(n).txt": String(repeating: "\(n)\n", count: 500)]) }
        try repo.git("gc", "-q")
        let head = try repo.head()
        #expect(!repo.exists(".git/objects/\(head.prefix(2))/\(head.dropFirst(2))"), "HEAD is still a loose object")
        let packs = repo.directory.appendingPathComponent(".git/objects/pack")
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: packs.path).first { $0.hasSuffix(".pack") })
        let file = packs.appendingPathComponent(pack)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let handle = try FileHandle(forWritingTo: file)
        // Half of the objects gone, or only the checksum trailer: libgit2 rejects the pack either way.
        try handle.truncate(atOffset: UInt64(cut == "half" ? size / 2 : size - 20))
        try handle.close()
        #expect(try repo.tryGit(["cat-file", "-t", "HEAD"]).status != 0)

        for result in try failingExplain(in: repo.directory) {
            #expect(result.stderr.contains("error: cannot "), "\(result.stderr)")
            #expect(result.stderr.contains(head), "names the missing commit: \(result.stderr)")
            #expect(result.stderr.contains("git fsck"))
        }
    }
}
