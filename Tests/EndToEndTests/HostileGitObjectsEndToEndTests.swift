import Foundation
import Testing
import TestSupport

/// Damaged and hostile objects (issue 11, items 6 and 8): a tree that names itself, a pack index
/// whose offset points past its pack, and trees that are small but name millions of paths or
/// nest deeper than any checkout. Each is an exit 2 naming the object, or a bounded scan that
/// says what it left out; never a crash or an unbounded walk.
@Suite("hostile Git input: objects", .tags(.endToEnd))
struct HostileGitObjectsEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    /// `git mktree --missing` of `lines` ("MODE TYPE ID\tNAME").
    func mktree(_ lines: [String]) throws -> String {
        try repo.git(["mktree", "--missing"], stdin: lines.joined(separator: "\n") + "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits `tree` on top of main (the README kept beside it as `entry`) and moves main there.
    func commitOnMain(entry: String, tree: String) throws {
        let readme = try repo.revParse("HEAD:README.md")
        let root = try mktree(["100644 blob \(readme)\tREADME.md", "040000 tree \(tree)\t\(entry)"])
        let commit = try repo.git(["commit-tree", root, "-p", "HEAD", "-m", "feat: \(entry)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-ref", "refs/heads/main", commit)
    }

    @Test("a tree stored under its own id (a loop) is an exit 2 naming it: the hash does not match")
    func selfContainingTree() throws {
        // The id's bytes are twenty '1's, so the tree naming it can be written as text.
        let loop = String(repeating: "31", count: 20)
        let written = try repo.git(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
                                   stdin: "40000 self\0" + String(repeating: "1", count: 20)).trimmingCharacters(in: .whitespacesAndNewlines)
        let objects = repo.directory.appendingPathComponent(".git/objects")
        try FileManager.default.createDirectory(at: objects.appendingPathComponent("31"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: objects.appendingPathComponent("\(written.prefix(2))/\(written.dropFirst(2))"),
                                        to: objects.appendingPathComponent("31/\(loop.dropFirst(2))"))
        try commitOnMain(entry: "loop", tree: loop)
        for arguments in [["explain", "--range", "HEAD~1..HEAD"], ["explain", "--format", "json", "--range", "HEAD~1..HEAD"]] {
            let result = try GitDeployBinary.run(arguments, in: repo.directory)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr.prefix(400))")
            #expect(result.stderr.contains("hash mismatch") && result.stderr.contains(loop), "\(result.stderr.prefix(400))")
            #expect(result.stderr.contains("git fsck"))
        }
    }

    @Test("a pack index offset past the end of the pack is an exit 2 naming the object, as git says it", arguments: [16 << 20, 100])
    func offsetPastPack(pastEnd: Int) throws {
        try repo.commit("feat: more", files: ["src/a.txt": "a\n"])
        try repo.git("gc", "-q")
        let head = try repo.head()
        let packs = repo.directory.appendingPathComponent(".git/objects/pack")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: packs.path).first { $0.hasSuffix(".idx") })
        let index = packs.appendingPathComponent(name)
        let packSize = try #require(try FileManager.default.attributesOfItem(
            atPath: packs.appendingPathComponent(name.replacingOccurrences(of: ".idx", with: ".pack")).path)[.size] as? Int)
        var bytes = [UInt8](try Data(contentsOf: index))
        // Version 2: 8-byte header, 256 fan-out words, ids, CRCs, then the 4-byte offsets.
        let count = bytes[(8 + 255 * 4)..<(8 + 256 * 4)].reduce(0) { $0 << 8 | Int($1) }
        let ids = (0..<count).map { entry in bytes[(1032 + entry * 20)..<(1032 + entry * 20 + 20)].map { String(format: "%02x", $0) }.joined() }
        let entry = try #require(ids.firstIndex(of: head))
        let offset = packSize + pastEnd
        let at = 1032 + count * 24 + entry * 4
        for (i, shift) in [24, 16, 8, 0].enumerated() { bytes[at + i] = UInt8((offset >> shift) & 0xff) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: index.path)
        try Data(bytes).write(to: index)
        #expect(try repo.tryGit(["cat-file", "-t", "HEAD"]).stderr.contains("offset beyond end of packfile"))

        for arguments in [["explain"], ["explain", "--format", "json"], ["status"]] {
            let result = try GitDeployBinary.run(arguments, in: repo.directory)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr.prefix(400))")
            #expect(result.stderr.contains("offset beyond end of packfile"), "\(result.stderr.prefix(400))")
            #expect(result.stderr.contains(head) && result.stderr.contains(name), "\(result.stderr.prefix(400))")
        }
    }

    @Test("a 10-ary tree bomb 7 levels deep (10 objects) is scanned within the entry limit, with a warning")
    func treeBomb() throws {
        var level = try repo.git(["hash-object", "-w", "--stdin"], stdin: "x\n").trimmingCharacters(in: .whitespacesAndNewlines)
        var mode = "100644 blob"
        for _ in 1...7 {
            level = try mktree((0..<10).map { "\(mode) \(level)\t\($0)" })
            mode = "040000 tree"
        }
        try commitOnMain(entry: "bomb", tree: level)
        // No default path rule matches the bomb's paths, so the scan keeps listing them.
        let result = try GitDeployBinary.run(["explain", "--format", "json", "--range", "HEAD~1..HEAD"], in: repo.directory)
        #expect(result.status == 0, "\(result.status): \(result.stderr.prefix(400))")
        #expect(result.stdout.contains("its changed paths were read only up to a limit (more than 100000 changed entries)"),
                "\(result.stdout.prefix(2000))")
    }

    @Test("directories nested 1,100 deep are listed down to 1,024 levels, with a warning")
    func deepTree() throws {
        var level = try mktree(["100644 blob \(try repo.revParse("HEAD:README.md"))\tleaf"])
        for _ in 1..<1_100 { level = try mktree(["040000 tree \(level)\td"]) }
        try commitOnMain(entry: "deep", tree: level)
        let result = try GitDeployBinary.run(["explain", "--format", "json", "--range", "HEAD~1..HEAD"], in: repo.directory)
        #expect(result.status == 0, "\(result.status): \(result.stderr.prefix(400))")
        #expect(result.stdout.contains("read only up to a limit (directories nested more than 1024 levels deep)"),
                "\(result.stdout.prefix(2000))")
    }
}
