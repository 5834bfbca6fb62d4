import Foundation
import Testing
import TestSupport

/// `history --fetch/--push`: two clones sharing one bare remote.
@Suite("sharing history through a remote, end to end", .tags(.endToEnd))
struct SharingEndToEndTests {
    let sandbox: Sandbox
    let a: TestRepository
    let b: TestRepository

    init() throws {
        sandbox = try Sandbox()
        let remote = try sandbox.repository("remote.git", bare: true)
        let seed = try sandbox.repository("seed")
        try seed.commit("chore: initial commit", files: ["README.md": "hello\n"])
        try seed.git("push", "-q", remote.path, "main")
        for name in ["a", "b"] { try TestRepository(sandbox.root).git("clone", "-q", remote.path, name) }
        a = TestRepository(sandbox.url("a"))
        b = TestRepository(sandbox.url("b"))
    }

    func ids(_ repo: TestRepository) throws -> Set<String> {
        let result = try GitDeployBinary.run(["history", "--format", "json"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return Set(entries.compactMap { $0["id"] as? String })
    }

    func run(_ arguments: [String], in repo: TestRepository) throws {
        let result = try GitDeployBinary.run(arguments, in: repo.directory)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }

    @Test("a record pushed from clone A and one pushed from clone B after a fetch are in both clones")
    func pushFetchPush() throws {
        try run(["record", "staging", "--status", "succeeded", "--id", "from-a"], in: a)
        try run(["history", "--push", "origin"], in: a)
        try run(["record", "prod", "--status", "succeeded", "--id", "from-b"], in: b)
        try run(["history", "--fetch", "origin", "--push", "origin"], in: b)
        try run(["history", "--fetch", "origin"], in: a)
        #expect(try ids(a) == ["from-a", "from-b"])
        #expect(try ids(b) == ["from-a", "from-b"])
    }

    @Test("diverged histories on the same commit merge without losing entries of either side")
    func divergedSameCommit() throws {
        try run(["record", "staging", "--status", "succeeded", "--id", "a-1"], in: a)
        try run(["history", "--push", "origin"], in: a)
        try run(["history", "--fetch", "origin"], in: b)
        // Both clones now append to the same note on the same commit, unaware of each other.
        try run(["record", "staging", "--status", "failed", "--id", "a-2"], in: a)
        try run(["record", "dev", "--status", "succeeded", "--id", "b-1"], in: b)
        try run(["history", "--push", "origin"], in: a)
        // B's push is rejected at first; it fetches, merges and pushes again by itself.
        try run(["history", "--push", "origin"], in: b)
        try run(["history", "--fetch", "origin"], in: a)
        #expect(try ids(a) == ["a-1", "a-2", "b-1"])
        #expect(try ids(b) == ["a-1", "a-2", "b-1"])
        let parents = try a.git("log", "-1", "--format=%P", "refs/notes/deployments").split(separator: " ")
        #expect(parents.count == 2)
    }

    @Test("fetching from a remote with no history changes nothing; a bad remote is an error")
    func fetchNothing() throws {
        try run(["history", "--fetch", "origin"], in: a)
        #expect(try ids(a).isEmpty)
        let missing = try GitDeployBinary.run(["history", "--fetch", "nowhere"], in: a.directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("git fetch nowhere failed"))
        let option = try GitDeployBinary.run(["history", "--fetch=--upload-pack=touch /tmp/x"], in: a.directory)
        #expect(option.status == 64)
    }
}
